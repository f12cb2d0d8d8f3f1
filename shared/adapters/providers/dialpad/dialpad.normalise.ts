import { decodeJwt } from 'jose';
import type { CanonicalEvent, EventStatus } from '../../../domain/canonical-event.js';
import { ValidationError } from '../../../domain/errors.js';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { ownEntry } from '../own-entry.js';
import {
  base,
  callKeyOf,
  callSchema,
  DIRECTIONS,
  externalParty,
  firmParty,
  instant,
  isUrl,
  read,
  smsSchema,
  unrecognisedField,
  type DialpadCall,
} from './dialpad.payload.js';
import { dialpadToken } from './dialpad.signature.js';

// An outbound message's outcome, from `message_delivery_result` (status events) or `message_status`.
const OUTBOUND_SMS: Readonly<Record<string, EventStatus>> = { sent: 'sent', delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };
// Not an outcome yet: the message event Dialpad sends as the message leaves, before its status events.
const PENDING_SMS = new Set(['', 'pending']);

/** Dialpad sends each state of a leg once (and again when retrying); a leg can be recorded more than once. */
const eventKeyOf = (c: DialpadCall): string => {
  const recordings = (c.recording_details ?? []).map((r) => r.id ?? r.url ?? '').join(',');
  return recordings ? `${c.call_id}:${c.state}:${recordings}` : `${c.call_id}:${c.state}`;
};

/** Every call event is a fragment of its call; `assembleDialpadCall` decides what the legs add up to. */
const call = (claims: unknown, ctx: ParseContext): ParsedWebhook => {
  const c = read(callSchema, claims, 'call event');
  const occurredAt = instant(c.event_timestamp, c.date_ended, c.date_started) ?? ctx.receivedAt.toISOString();
  return { type: 'fragment', callKey: callKeyOf(c), fragment: { eventKey: eventKeyOf(c), type: c.state, occurredAt, data: c } };
};

interface SmsOutcome {
  readonly status: EventStatus;
  readonly unrecognised: readonly { field: string; value: string }[];
}

/** The outbound message's outcome, or none while it is pending; a value we do not know is kept whatever the outcome. */
const outboundStatus = (m: { message_delivery_result?: string | null; message_status?: string | null }): SmsOutcome | undefined => {
  const values = [
    ['message_delivery_result', (m.message_delivery_result ?? '').toLowerCase()],
    ['message_status', (m.message_status ?? '').toLowerCase()],
  ] as const;
  const unrecognised = values.filter(([, value]) => !PENDING_SMS.has(value) && !ownEntry(OUTBOUND_SMS, value)).map(([field, value]) => ({ field, value }));
  // A message that failed says so in `message_status` even while its delivery result is still pending.
  const final = values.map(([, value]) => ownEntry(OUTBOUND_SMS, value)).find((status) => status !== undefined);
  if (final) return { status: final, unrecognised };
  // A value we do not know, and nothing final: logged as sent, for the firm did send it.
  return unrecognised.length === 0 ? undefined : { status: 'sent', unrecognised };
};

const sms = (claims: unknown, ctx: ParseContext): ParsedWebhook => {
  const m = read(smsSchema, claims, 'SMS event');
  const known = DIRECTIONS.has(m.direction);
  const inbound = m.direction === 'inbound';
  const outcome: SmsOutcome | undefined = inbound || !known ? { status: 'received', unrecognised: [] } : outboundStatus(m);
  if (!outcome) return { type: 'ignored', reason: `non_terminal_message_status:${m.message_delivery_result ?? m.message_status ?? ''}` };
  const recipient = m.to_number[0] ?? m.contact?.phone_number;
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `message:${m.id}`,
    providerResourceId: m.id,
    kind: 'sms',
    direction: m.is_internal ? 'internal' : inbound || !known ? 'inbound' : 'outbound',
    external: externalParty(inbound ? m.from_number : recipient, inbound ? m.contact?.name : undefined, ctx),
    firm: firmParty(inbound ? m.to_number[0] : m.from_number, m.target, ctx),
    occurredAt: instant(m.created_date, m.event_timestamp) ?? ctx.receivedAt.toISOString(),
    status: outcome.status,
    ...(m.text ? { text: m.text } : {}),
    media: m.mms && isUrl(m.mms_url) ? [{ url: m.mms_url }] : [],
    // Without knowing which way the message went we cannot tell who sent it to whom.
    ...unrecognisedField([...outcome.unrecognised, ...(known ? [] : [{ field: 'direction', value: m.direction, decisive: true }])]),
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
