import { twilioForm, twilioSigner } from './signers/twilio.signer.js';

/** A terminal Twilio voice status callback, as Twilio posts it (form-encoded). */
export const twilioCallParams = (overrides: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  AccountSid: 'AC00000000000000000000000000000000',
  ApiVersion: '2010-04-01',
  CallSid: `CA${Date.now().toString(16).padStart(32, '0')}`,
  CallStatus: 'completed',
  CallDuration: '125',
  Direction: 'inbound',
  From: '+14155550100',
  To: '+14155550199',
  Timestamp: new Date().toUTCString(),
  CallbackSource: 'call-progress-events',
  SequenceNumber: '3',
  ...overrides,
});

/**
 * The `<Dial action>` request that ends a call answered by a person (twilio.com/docs/voice/twiml/dial#action):
 * what the dialled lawyer did decides the log, so it is logged at once.
 */
export const twilioDialParams = (overrides: Readonly<Record<string, string>> = {}): Record<string, string> => {
  const call = twilioCallParams(overrides);
  return {
    AccountSid: call.AccountSid ?? '',
    ApiVersion: '2010-04-01',
    CallSid: call.CallSid ?? '',
    CallStatus: 'completed',
    Direction: 'inbound',
    From: call.From ?? '',
    To: call.To ?? '',
    DialCallSid: `CA${(Date.now() + 1).toString(16).padStart(32, 'f')}`,
    DialCallStatus: 'completed',
    DialCallDuration: '119',
    DialBridged: 'true',
    ...overrides,
  };
};

/** A ready-to-paste curl command that posts a genuinely signed Twilio callback (signed by local/signers). */
export const twilioCurl = (authToken: string, url: string, params: Readonly<Record<string, string>>): string => {
  const signed = twilioSigner.sign(authToken, { url, body: twilioForm(params) });
  return [
    `curl -i -X POST '${url}'`,
    `  -H 'Content-Type: application/x-www-form-urlencoded'`,
    `  -H 'X-Twilio-Signature: ${signed.headers['x-twilio-signature'] ?? ''}'`,
    `  --data '${signed.body.toString('utf8')}'`,
  ].join(' \\\n');
};
