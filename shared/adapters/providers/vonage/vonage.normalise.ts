import { z } from 'zod';
import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { jsonBody } from '../kit.js';
import { readPayload, instantOr, baseEvent } from '../kit.js';

/** A Voice API event webhook (developer.vonage.com/en/voice/voice-api/webhook-reference#event-webhook). */
const voiceEventSchema = z.object({
  uuid: z.string().min(1),
  status: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  from: z.string().optional(),
  to: z.string().optional(),
  timestamp: z.string().optional(),
  start_time: z.string().optional(),
  end_time: z.string().optional(),
  // Whole seconds; bounded so that `end_time - duration` stays a date.
  duration: z.union([z.number().int().nonnegative().max(9_999_999), z.string().regex(/^\d{1,7}$/).transform(Number)]).optional(),
});

/** A Messages API inbound SMS (developer.vonage.com/en/api/messages#inbound-message). */
const inboundSmsSchema = z.object({
  message_uuid: z.string().min(1),
  channel: z.literal('sms'),
  from: z.string().min(1),
  to: z.string().min(1),
  text: z.string().optional(),
  timestamp: z.string().optional(),
});

const TERMINAL = new Set(['completed', 'unanswered', 'timeout', 'busy', 'rejected', 'cancelled', 'failed']);

/** telephony-webhooks.md §6; like the other providers, an unanswered inbound call is one the firm missed. */
const statusOf = (status: string, direction: Direction): EventStatus => {
  switch (status) {
    case 'completed': return 'completed';
    case 'busy': return 'busy';
    case 'rejected': return 'rejected';
    case 'failed': return 'failed';
    case 'cancelled': return direction === 'inbound' ? 'missed' : 'canceled';
    default: return direction === 'inbound' ? 'missed' : 'no_answer';
  }
};

/**
 * Vonage writes numbers in international format without `+` ("447700900000"): read them as international first,
 * then with the tenant's country for anything else.
 */
export const vonageE164 = (raw: string, defaultCountry: string): string | undefined =>
  (/^\d{8,15}$/.test(raw) ? toE164(`+${raw}`, defaultCountry) : undefined) ?? toE164(raw, defaultCountry);

const external = (raw: string | undefined, ctx: ParseContext): CanonicalEvent['external'] => {
  const e164 = raw ? vonageE164(raw, ctx.settings.defaultCountry) : undefined;
  return { raw: raw ?? 'anonymous', ...(e164 ? { e164 } : {}) };
};

// The firm's side is a Vonage number; Vonage names no user.
const firm = (raw: string | undefined, ctx: ParseContext): CanonicalEvent['firm'] => {
  const e164 = raw ? vonageE164(raw, ctx.settings.defaultCountry) : undefined;
  return e164 ? { e164 } : {};
};

const read = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => readPayload('Vonage', schema, value, what);

const instant = instantOr;

const base = (ctx: ParseContext) => baseEvent('vonage', ctx);

/** One event per call leg (`call:<uuid>`): a leg ends once, whichever terminal status Vonage reports for it. */
const voiceEvent = (body: Record<string, unknown>, ctx: ParseContext): ParsedWebhook => {
  const status = typeof body.status === 'string' ? body.status : '';
  if (!TERMINAL.has(status)) return { type: 'ignored', reason: `non_terminal_call_status:${status}` };
  const call = read(voiceEventSchema, body, `${status} event`);
  const inbound = call.direction === 'inbound';
  const endedAt = instant(call.end_time ?? call.timestamp, ctx.receivedAt);
  const duration = status === 'completed' ? call.duration : undefined;
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `call:${call.uuid}`,
    providerResourceId: call.uuid,
    kind: 'call',
    direction: call.direction,
    external: external(inbound ? call.from : call.to, ctx),
    firm: firm(inbound ? call.to : call.from, ctx),
    occurredAt: endedAt,
    startedAt: instant(call.start_time, duration === undefined ? new Date(endedAt) : new Date(Date.parse(endedAt) - duration * 1000)),
    endedAt,
    ...(duration === undefined ? {} : { durationSeconds: duration }),
    status: statusOf(status, call.direction),
    media: [],
  };
  return { type: 'event', event };
};

const inboundSms = (body: Record<string, unknown>, ctx: ParseContext): ParsedWebhook => {
  if (body.channel !== 'sms') return { type: 'ignored', reason: `unhandled_channel:${String(body.channel)}` };
  const sms = read(inboundSmsSchema, body, 'inbound message');
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `message:${sms.message_uuid}`,
    providerResourceId: sms.message_uuid,
    kind: 'sms',
    direction: 'inbound',
    external: external(sms.from, ctx),
    firm: firm(sms.to, ctx),
    occurredAt: instant(sms.timestamp, ctx.receivedAt),
    status: 'received',
    ...(sms.text === undefined ? {} : { text: sms.text }),
    media: [],
  };
  return { type: 'event', event };
};

const bodyOf = (request: InboundWebhook): unknown => jsonBody(request, 'Vonage webhook');

/** Vonage Voice event webhooks and Messages API inbound SMS; message status receipts carry no text and are not logged. */
export const normaliseVonage = (request: InboundWebhook, ctx: ParseContext): ParsedWebhook => {
  const body = bodyOf(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { type: 'ignored', reason: 'unrecognised_callback' };
  const fields = body as Record<string, unknown>;
  if ('message_uuid' in fields) return 'status' in fields ? { type: 'ignored', reason: 'message_status_not_logged' } : inboundSms(fields, ctx);
  if ('uuid' in fields && 'status' in fields) return voiceEvent(fields, ctx);
  return { type: 'ignored', reason: 'unrecognised_callback' };
};
