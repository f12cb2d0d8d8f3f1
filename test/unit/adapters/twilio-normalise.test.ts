import { normaliseTwilio } from '../../../shared/adapters/providers/twilio/twilio.normalise.js';
import { canonicalEventSchema } from '../../../shared/domain/canonical-event.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import { mergeSettings } from '../../../shared/domain/settings.js';
import type { ParseContext } from '../../../shared/ports/webhook-provider.js';

const ctx: ParseContext = { tenantId: 'demo', settings: mergeSettings({}), receivedAt: new Date('2026-01-02T08:10:00Z'), correlationId: 'req-1', settleSeconds: 20 };

// Parameter sets as Twilio documents them (twilio.com/docs/voice/api/call-resource#statuscallback,
// /docs/messaging/guides/webhook-request, /docs/voice/twiml/record#action): see telephony-webhooks.md §1.
const terminalCall = {
  AccountSid: 'AC1', ApiVersion: '2010-04-01', CallSid: 'CAbe98', CallStatus: 'completed', CallDuration: '49', Duration: '1',
  Direction: 'outbound-api', From: '+16466063895', To: '+551135892112', Timestamp: 'Sun, 25 Mar 2018 09:53:19 +0000',
  CallbackSource: 'call-progress-events', SequenceNumber: '3',
};

const event = (params: Record<string, string>) => {
  const parsed = normaliseTwilio(params, ctx);
  if (parsed.type !== 'event') throw new Error(`not an event: ${JSON.stringify(parsed)}`);
  return canonicalEventSchema.parse(parsed.event);
};

describe('Twilio callbacks as canonical events', () => {
  it('reads a terminal outbound call: the callee is the external party, start = end − duration', () => {
    expect(event(terminalCall)).toMatchObject({
      provider: 'twilio', providerEventId: 'call:CAbe98', providerResourceId: 'CAbe98', kind: 'call', direction: 'outbound',
      external: { raw: '+551135892112', e164: '+551135892112' }, firm: { e164: '+16466063895' },
      status: 'completed', durationSeconds: 49, endedAt: '2018-03-25T09:53:19.000Z', startedAt: '2018-03-25T09:52:30.000Z',
      correlationId: 'req-1', tenantId: 'demo',
    });
  });

  it.each([
    ['no-answer', 'inbound', 'missed'],
    ['no-answer', 'outbound-dial', 'no_answer'],
    ['canceled', 'inbound', 'missed'],
    ['canceled', 'outbound-api', 'canceled'],
    ['busy', 'inbound', 'busy'],
    ['failed', 'inbound', 'failed'],
  ])('maps CallStatus %s on a %s call to %s', (status, direction, expected) => {
    expect(event({ ...terminalCall, CallStatus: status, Direction: direction }).status).toBe(expected);
  });

  it.each([['queued'], ['initiated'], ['ringing'], ['in-progress']])('acknowledges and drops the non-terminal status %s', (status) => {
    expect(normaliseTwilio({ ...terminalCall, CallStatus: status }, ctx)).toEqual({ type: 'ignored', reason: `non_terminal_call_status:${status}` });
  });

  it('keeps the caller ID name of an inbound call and reads Twilio\'s anonymous number as no number', () => {
    expect(event({ ...terminalCall, Direction: 'inbound', From: '+266696687', CallerName: 'ANONYMOUS' }).external).toEqual({ raw: 'anonymous', callerIdName: 'ANONYMOUS' });
  });

  it('reads a call between two Twilio clients as internal', () => {
    expect(event({ ...terminalCall, From: 'client:alice', To: 'client:bob' })).toMatchObject({ direction: 'internal', firm: { userRef: 'client:alice' } });
  });

  it('reads an inbound SMS with its media', () => {
    expect(event({
      MessageSid: 'SM1', SmsSid: 'SM1', AccountSid: 'AC1', From: '+14155550100', To: '+14155550199', Body: 'Hello', NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', MediaContentType0: 'image/jpeg', SmsStatus: 'received',
    })).toMatchObject({
      providerEventId: 'message:SM1', kind: 'sms', direction: 'inbound', status: 'received', text: 'Hello',
      external: { e164: '+14155550100' }, media: [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', contentType: 'image/jpeg' }],
    });
  });

  it('reads an outbound message status callback once, whichever final status comes first', () => {
    const sent = event({ MessageSid: 'SM2', MessageStatus: 'sent', From: '+14155550199', To: '+14155550100', AccountSid: 'AC1' });
    const delivered = event({ MessageSid: 'SM2', MessageStatus: 'delivered', From: '+14155550199', To: '+14155550100', AccountSid: 'AC1' });
    expect(sent).toMatchObject({ direction: 'outbound', status: 'sent', external: { e164: '+14155550100' } });
    expect(delivered.providerEventId).toBe(sent.providerEventId);
  });

  it('drops queued and sending message statuses', () => {
    expect(normaliseTwilio({ MessageSid: 'SM3', MessageStatus: 'queued', From: '+1', To: '+2' }, ctx)).toMatchObject({ type: 'ignored' });
  });

  it('reads a <Record> action callback as a voicemail with its recording', () => {
    expect(event({
      CallSid: 'CA9', RecordingSid: 'RE1', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', RecordingDuration: '14',
      From: '+14155550100', To: '+14155550199', CallStatus: 'completed', Direction: 'inbound', AccountSid: 'AC1',
    })).toMatchObject({
      providerEventId: 'recording:RE1', providerResourceId: 'CA9', kind: 'voicemail', status: 'voicemail', durationSeconds: 14,
      recording: { url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', durationSeconds: 14 },
    });
  });

  it('refuses a recognised callback that lacks what it must carry', () => {
    expect(() => normaliseTwilio({ CallSid: 'CA1', CallStatus: 'completed', To: '+14155550199' }, ctx)).toThrow(ValidationError);
  });

  it('ignores a callback it does not recognise', () => {
    expect(normaliseTwilio({ Foo: 'bar' }, ctx)).toEqual({ type: 'ignored', reason: 'unrecognised_callback' });
  });
});
