import twilio from 'twilio';

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

/** Signs form parameters the way Twilio does, with the `twilio` package itself. */
export const signTwilio = (authToken: string, url: string, params: Readonly<Record<string, string>>): string =>
  twilio.getExpectedTwilioSignature(authToken, url, params);

/** A ready-to-paste curl command that posts a genuinely signed Twilio callback. */
export const twilioCurl = (authToken: string, url: string, params: Readonly<Record<string, string>>): string => {
  const body = new URLSearchParams(params).toString();
  return [
    `curl -i -X POST '${url}'`,
    `  -H 'Content-Type: application/x-www-form-urlencoded'`,
    `  -H 'X-Twilio-Signature: ${signTwilio(authToken, url, params)}'`,
    `  --data '${body}'`,
  ].join(' \\\n');
};
