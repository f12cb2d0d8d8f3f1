import { decodeJwt } from 'jose';
import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import { ValidationError } from '../../../domain/errors.js';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { base, callSchema, externalParty, firmParty, instant, isUrl, read, smsSchema, type DialpadCall } from './dialpad.payload.js';
import { dialpadToken } from './dialpad.signature.js';
import { ownEntry } from '../own-entry.js';

const VOICEMAIL_STATES = new Set(['voicemail', 'voicemail_uploaded']);
// Outbound SMS outcomes; `pending` and the like are not final.
const OUTBOUND_SMS: Readonly<Record<string, EventStatus>> = { sent: 'sent', delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };

// A call whose other party is a Dialpad user is internal.
const directionOf = (call: DialpadCall): Direction => (call.contact?.type === 'user' ? 'internal' : call.direction);

const callParties = (call: DialpadCall, direction: Direction, ctx: ParseContext) => ({
  direction,
  external: externalParty(call.external_number ?? call.contact?.phone, direction === 'inbound' ? call.contact?.name : undefined, ctx),
  firm: firmParty(call.internal_number ?? call.target?.phone, call.target, ctx),
});

/**
 * `hangup` and `missed` describe the same call (Dialpad sends `hangup` for every ended call, connected or not):
 * both are `call:<call_id>`, so a missed call is logged once whichever arrives first.
 */
const call = (claims: unknown, ctx: ParseContext): ParsedWebhook => {
  const c = read(callSchema, claims, 'call event');
  const direction = directionOf(c);
  const endedAt = instant(c.date_ended, c.event_timestamp) ?? ctx.receivedAt.toISOString();
  if (VOICEMAIL_STATES.has(c.state)) {
    if (!isUrl(c.voicemail_link)) return { type: 'ignored', reason: 'voicemail_without_link' };
    const voicemail: CanonicalEvent = {
      ...base(ctx), ...callParties(c, 'inbound', ctx),
      providerEventId: `voicemail:${c.call_id}`, providerResourceId: c.call_id, kind: 'voicemail',
      occurredAt: endedAt, status: 'voicemail', media: [], recording: { url: c.voicemail_link },
      ...(c.transcription_text ? { transcript: c.transcription_text } : {}),
    };
    return { type: 'event', event: voicemail };
  }
  if (c.state !== 'hangup' && c.state !== 'missed') return { type: 'ignored', reason: `non_terminal_call_state:${c.state}` };
  const connectedAt = c.state === 'hangup' ? instant(c.date_connected) : undefined;
  const unanswered: EventStatus = direction === 'outbound' ? 'no_answer' : 'missed';
  const talked = connectedAt ? (c.duration ?? Date.parse(endedAt) - Date.parse(connectedAt)) : undefined;
  const event: CanonicalEvent = {
    ...base(ctx), ...callParties(c, direction, ctx),
    providerEventId: `call:${c.call_id}`, providerResourceId: c.call_id, kind: 'call',
    occurredAt: endedAt,
    startedAt: connectedAt ?? instant(c.date_started) ?? endedAt,
    endedAt,
    ...(talked === undefined ? {} : { durationSeconds: Math.max(0, Math.round(talked / 1000)) }),
    status: connectedAt ? 'completed' : unanswered,
    media: [],
  };
  return { type: 'event', event };
};

const sms = (claims: unknown, ctx: ParseContext): ParsedWebhook => {
  const m = read(smsSchema, claims, 'SMS event');
  const inbound = m.direction === 'inbound';
  const outcome = (m.message_delivery_result ?? m.message_status ?? '').toLowerCase();
  const status: EventStatus | undefined = inbound ? 'received' : ownEntry(OUTBOUND_SMS, outcome);
  if (!status) return { type: 'ignored', reason: `non_terminal_message_status:${outcome}` };
  const recipient = m.to_number[0] ?? m.target?.phone_number;
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `message:${m.id}`,
    providerResourceId: m.id,
    kind: 'sms',
    direction: m.is_internal ? 'internal' : m.direction,
    external: externalParty(inbound ? m.from_number : recipient, inbound ? m.contact?.name : undefined, ctx),
    firm: firmParty(inbound ? recipient : m.from_number, m.target, ctx),
    occurredAt: instant(m.created_date, m.event_timestamp) ?? ctx.receivedAt.toISOString(),
    status,
    ...(m.text ? { text: m.text } : {}),
    media: m.mms && isUrl(m.mms_url) ? [{ url: m.mms_url }] : [],
  };
  return { type: 'event', event };
};

/** Dialpad's call and SMS events, read from the (verified) JWT body. */
export const normaliseDialpad = (request: InboundWebhook, ctx: ParseContext): ParsedWebhook => {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(dialpadToken(request));
  } catch (cause) {
    throw new ValidationError('malformed_payload', 'Dialpad webhook: body is not a JWT with a JSON payload', { cause });
  }
  if ('call_id' in claims && 'state' in claims) return call(claims, ctx);
  if ('from_number' in claims && 'id' in claims) return sms(claims, ctx);
  return { type: 'ignored', reason: 'unrecognised_callback' };
};
