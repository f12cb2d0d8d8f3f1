import { createHmac } from 'node:crypto';
import { zoomProvider } from '../../../shared/adapters/providers/zoom/zoom.provider.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import { contextOf, eventOf, fixture, fixtureBody, requestOf } from './support.js';

const SECRET = 'zoom-webhook-secret-token';
const ctx = contextOf();

// Signed as Zoom's docs describe (developers.zoom.us/docs/api/webhooks/#verify-webhook-events).
const zoomSigned = (body: string, timestamp: string, secret = SECRET) => ({
  'x-zm-request-timestamp': timestamp,
  'x-zm-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
});
const nowSeconds = () => String(Math.floor(Date.now() / 1000));
const parse = (name: string) => eventOf(zoomProvider.parse(requestOf(fixtureBody('zoom', name)), ctx));
const withElement = (name: string, changes: Record<string, unknown>) => {
  const body = fixture<{ payload: { object: { call_logs: Record<string, unknown>[] } } }>('zoom', name);
  const [element] = body.payload.object.call_logs;
  return JSON.stringify({ ...body, payload: { ...body.payload, object: { ...body.payload.object, call_logs: [{ ...element, ...changes }] } } });
};

describe('Zoom webhook signature (x-zm-signature)', () => {
  const body = fixtureBody('zoom', 'callee-call-history-completed');
  const now = new Date('2026-01-02T08:10:00Z');
  const at = String(now.getTime() / 1000);

  it('accepts the HMAC-SHA256 signature over v0:timestamp:body', () => {
    expect(zoomProvider.verify(requestOf(body, zoomSigned(body, at)), SECRET, { publicUrl: 'https://x', now })).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const tampered = body.replace('"answered"', '"no_answer"');
    expect(zoomProvider.verify(requestOf(tampered, zoomSigned(body, at)), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('rejects a signature made with another secret', () => {
    expect(zoomProvider.verify(requestOf(body, zoomSigned(body, at, 'other')), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ code: 'signature_invalid' });
  });

  it('says the timestamp is stale when it is more than 300 s from our clock', () => {
    const stale = String(now.getTime() / 1000 - 301);
    expect(zoomProvider.verify(requestOf(body, zoomSigned(body, stale)), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'timestamp_stale' });
  });

  it.each([['x-zm-signature'], ['x-zm-request-timestamp']])('says the signature is missing without %s', (header) => {
    const headers = { ...zoomSigned(body, at), [header]: undefined };
    expect(zoomProvider.verify(requestOf(body, headers), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ code: 'signature_missing' });
  });
});

describe('Zoom endpoint.url_validation', () => {
  const body = fixtureBody('zoom', 'url-validation');

  it('answers the challenge with the plain token and its HMAC', () => {
    // Act
    const answer = zoomProvider.handshake?.(requestOf(body, zoomSigned(body, nowSeconds())), SECRET);
    // Assess
    expect(answer).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(answer?.body ?? '')).toEqual({
      plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
      encryptedToken: createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
    });
  });

  it('does not answer a challenge that is not signed with the secret', () => {
    expect(zoomProvider.handshake?.(requestOf(body), SECRET)).toBeUndefined();
    expect(zoomProvider.handshake?.(requestOf(body, zoomSigned(body, nowSeconds(), 'other')), SECRET)).toBeUndefined();
  });

  it('does not answer when the tenant has no Zoom secret', () => {
    expect(zoomProvider.handshake?.(requestOf(body, zoomSigned(body, nowSeconds())), undefined)).toBeUndefined();
  });

  it('leaves other events to verification', () => {
    const event = fixtureBody('zoom', 'sms-received');
    expect(zoomProvider.handshake?.(requestOf(event, zoomSigned(event, nowSeconds())), SECRET)).toBeUndefined();
  });
});

describe('Zoom Phone events as canonical events', () => {
  it('reads an answered inbound call from the callee call history', () => {
    expect(parse('callee-call-history-completed')).toMatchObject({
      provider: 'zoom', providerEventId: 'call:7006926284340112376', providerResourceId: '7006926284340112376', kind: 'call', direction: 'inbound',
      status: 'completed', durationSeconds: 120, startedAt: '2021-10-08T16:10:04.000Z', endedAt: '2021-10-08T16:12:04.000Z',
      external: { raw: '+12095552345', e164: '+12095552345', callerIdName: 'JANE SMITH' },
      firm: { e164: '+12135551234', extension: '101', userRef: 'jan.dev@example.com' },
    });
  });

  it('reads an unanswered outbound call from the caller call history', () => {
    const event = parse('caller-call-history-completed');
    expect(event).toMatchObject({ direction: 'outbound', status: 'no_answer', external: { e164: '+12095552345' }, firm: { e164: '+12135551234', userRef: 'jan.dev@example.com' } });
    expect(event.durationSeconds).toBeUndefined();
  });

  it('keys a call by call_id, so the caller and callee events of one call are one event', () => {
    const callee = parse('callee-call-history-completed');
    const caller = eventOf(zoomProvider.parse(requestOf(withElement('caller-call-history-completed', { call_id: '7006926284340112376' })), ctx));
    expect(caller.providerEventId).toBe(callee.providerEventId);
  });

  it.each([
    ['callee-call-history-completed', 'voicemail', 'voicemail'],
    ['callee-call-history-completed', 'busy', 'busy'],
    ['callee-call-history-completed', 'hang_up', 'missed'],
    ['callee-call-history-completed', 'ring_timeout', 'missed'],
    ['caller-call-history-completed', 'canceled', 'canceled'],
    ['caller-call-history-completed', 'rejected', 'rejected'],
    ['caller-call-history-completed', 'call_failed', 'failed'],
  ])('maps the %s result %s to %s', (name, result, status) => {
    expect(eventOf(zoomProvider.parse(requestOf(withElement(name, { result, answer_time: undefined })), ctx)).status).toBe(status);
  });

  it('reads the legacy call log event as the same call', () => {
    expect(parse('callee-call-log-completed')).toMatchObject({
      providerEventId: 'call:7006926284340112376', direction: 'inbound', status: 'completed', durationSeconds: 120,
      external: { e164: '+12095552345', callerIdName: 'JANE SMITH' }, firm: { e164: '+12135551234', extension: '101', userRef: 'DnEopNmXQEGU2uvvzjgojw' },
    });
  });

  it('reads a voicemail with its recording', () => {
    expect(parse('voicemail-received')).toMatchObject({
      providerEventId: 'voicemail:a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1', providerResourceId: '7006926284340113000', kind: 'voicemail', status: 'voicemail',
      external: { e164: '+12095552345', callerIdName: 'JANE SMITH' }, firm: { e164: '+12135551234', userRef: 'DnEopNmXQEGU2uvvzjgojw' },
      recording: { url: 'https://zoom.us/v2/phone/recording/download/a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1', durationSeconds: 22 }, durationSeconds: 22,
    });
  });

  it('reads a received SMS', () => {
    expect(parse('sms-received')).toMatchObject({
      providerEventId: 'message:IQ-cRH_NzhYTKWT6pf1BNkUsQ', kind: 'sms', direction: 'inbound', status: 'received', text: 'Running 10 minutes late.',
      external: { e164: '+12095552345' }, firm: { e164: '+12135551234', userRef: 'DnEopNmXQEGU2uvvzjgojw' }, occurredAt: '2021-10-08T16:16:40.000Z',
    });
  });

  it('reads a sent SMS with its attachment', () => {
    expect(parse('sms-sent')).toMatchObject({
      direction: 'outbound', status: 'sent', external: { e164: '+12095552345' }, firm: { userRef: 'DnEopNmXQEGU2uvvzjgojw' },
      media: [{ url: 'https://zoom.us/v2/phone/sms/attachments/att1' }],
    });
  });

  it('ignores an event it does not log', () => {
    const body = JSON.stringify({ event: 'phone.callee_ringing', event_ts: 1, payload: { account_id: 'a', object: {} } });
    expect(zoomProvider.parse(requestOf(body), ctx)).toEqual({ type: 'ignored', reason: 'unhandled_event:phone.callee_ringing' });
  });

  it('refuses a call history event without call logs', () => {
    const body = JSON.stringify({ event: 'phone.callee_call_history_completed', event_ts: 1, payload: { account_id: 'a', object: { user_id: 'u', call_logs: [] } } });
    expect(() => zoomProvider.parse(requestOf(body), ctx)).toThrow(ValidationError);
  });
});
