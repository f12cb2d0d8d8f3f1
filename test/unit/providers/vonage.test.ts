import { createHash } from 'node:crypto';
import { verifySignature } from '@vonage/jwt';
import jwt from 'jsonwebtoken';
import { vonageE164 } from '../../../shared/adapters/providers/vonage/vonage.normalise.js';
import { vonageProvider } from '../../../shared/adapters/providers/vonage/vonage.provider.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import { contextOf, eventOf, fixture, fixtureBody, requestOf } from './support.js';

const SECRET = 'vonage-signature-secret';
const now = new Date('2026-01-02T08:10:00Z');
const ctx = contextOf();

// Vonage signs callbacks with the account signature secret: HS256 with the body's SHA-256 in payload_hash.
const bearer = (body: string, { secret = SECRET, iat = now.getTime() / 1000 } = {}) => ({
  authorization: `Bearer ${jwt.sign({
    api_key: 'aaaaaaaa', application_id: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab', iat, jti: 'b7b0c1a5-0f0d-4b9a-9a52-4a9d1f5e0c11',
    payload_hash: createHash('sha256').update(body).digest('hex'),
  }, secret, { algorithm: 'HS256' })}`,
});
const tokenOf = (headers: { authorization: string }) => headers.authorization.slice('Bearer '.length);
const parse = (name: string, changes: Record<string, unknown> = {}) => vonageProvider.parse(requestOf(JSON.stringify({ ...fixture('vonage', name), ...changes })), ctx);

describe('Vonage signed webhooks (Bearer JWT with payload_hash)', () => {
  const body = fixtureBody('vonage', 'voice-completed');

  it('accepts a JWT by the signature secret whose payload_hash is the body, as @vonage/jwt does', () => {
    // Prepare
    const headers = bearer(body);
    // Act + Assess
    expect(vonageProvider.verify(requestOf(body, headers), SECRET, { publicUrl: 'https://x', now })).toEqual({ ok: true });
    expect(verifySignature(tokenOf(headers), SECRET)).toBe(true);
  });

  it('rejects a tampered body even though the JWT itself still verifies', () => {
    // Prepare
    const headers = bearer(body);
    const tampered = body.replace('"5"', '"500"');
    // Act + Assess
    expect(vonageProvider.verify(requestOf(tampered, headers), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'signature_invalid' });
    expect(verifySignature(tokenOf(headers), SECRET)).toBe(true);
  });

  it('rejects a JWT signed with another secret', () => {
    expect(vonageProvider.verify(requestOf(body, bearer(body, { secret: 'other' })), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ code: 'signature_invalid' });
  });

  it('says the JWT is stale when iat is more than 300 s from our clock', () => {
    const headers = bearer(body, { iat: now.getTime() / 1000 - 301 });
    expect(vonageProvider.verify(requestOf(body, headers), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'timestamp_stale' });
  });

  it('says the signature is missing without an Authorization bearer token', () => {
    expect(vonageProvider.verify(requestOf(body), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'signature_missing' });
    expect(vonageProvider.verify(requestOf(body, { authorization: 'Basic dXNlcjpwYXNz' }), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ code: 'signature_missing' });
  });
});

describe('Vonage numbers without +', () => {
  it.each([
    ['14155550100', 'US', '+14155550100'],
    ['14155550100', 'GB', '+14155550100'],
    ['442079460000', 'US', '+442079460000'],
    ['4155550100', 'US', '+14155550100'],
    // libphonenumber refuses Ofcom's drama range, which Vonage's own examples use.
    ['447700900000', 'GB', undefined],
  ])('reads %s (default country %s) as %s', (raw, country, e164) => {
    expect(vonageE164(raw, country)).toBe(e164);
  });
});

describe('Vonage voice events and inbound SMS', () => {
  it('reads a completed outbound call with its duration', () => {
    expect(eventOf(parse('voice-completed'))).toMatchObject({
      provider: 'vonage', providerEventId: 'call:aaaaaaaa-bbbb-cccc-dddd-0123456789ab', providerResourceId: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      kind: 'call', direction: 'outbound', status: 'completed', durationSeconds: 5,
      startedAt: '2020-01-01T12:00:00.000Z', endedAt: '2020-01-01T12:00:05.000Z',
      external: { raw: '14155550100', e164: '+14155550100' }, firm: { e164: '+442079460000' },
    });
  });

  it('reads an unanswered inbound call as missed, the caller as the external party', () => {
    const event = eventOf(parse('voice-unanswered'));
    expect(event).toMatchObject({ direction: 'inbound', status: 'missed', external: { e164: '+14155550100' }, firm: { e164: '+442079460000' } });
    expect(event.durationSeconds).toBeUndefined();
  });

  it.each([
    ['unanswered', 'no_answer'], ['timeout', 'no_answer'], ['busy', 'busy'], ['rejected', 'rejected'], ['cancelled', 'canceled'], ['failed', 'failed'],
  ])('maps status %s on an outbound call to %s', (status, expected) => {
    expect(eventOf(parse('voice-unanswered', { status, direction: 'outbound' })).status).toBe(expected);
  });

  it.each([['started'], ['ringing'], ['answered'], ['machine']])('acknowledges the %s status without logging', (status) => {
    expect(parse('voice-ringing', { status })).toEqual({ type: 'ignored', reason: `non_terminal_call_status:${status}` });
  });

  it('reads an inbound SMS from the Messages API', () => {
    expect(eventOf(parse('message-inbound-sms'))).toMatchObject({
      providerEventId: 'message:aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab', kind: 'sms', direction: 'inbound', status: 'received', text: 'Hello From Vonage!',
      external: { raw: '447911123456', e164: '+447911123456' }, firm: { e164: '+442079460000' }, occurredAt: '2025-02-03T12:14:25.000Z',
    });
  });

  it('acknowledges a message status receipt without logging it', () => {
    expect(parse('message-status')).toEqual({ type: 'ignored', reason: 'message_status_not_logged' });
  });

  it('acknowledges an inbound message on another channel', () => {
    expect(parse('message-inbound-sms', { channel: 'whatsapp' })).toEqual({ type: 'ignored', reason: 'unhandled_channel:whatsapp' });
  });

  it('refuses a completed event without a direction', () => {
    expect(() => parse('voice-completed', { direction: undefined })).toThrow(ValidationError);
  });

  it('ignores a callback it does not recognise', () => {
    expect(vonageProvider.parse(requestOf(JSON.stringify({ recording_url: 'https://api.nexmo.com/v1/files/x' })), ctx)).toEqual({ type: 'ignored', reason: 'unrecognised_callback' });
  });
});
