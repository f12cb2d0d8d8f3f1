import { z } from 'zod';
import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import { ValidationError } from '../../../domain/errors.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { ownEntry } from '../own-entry.js';

type Params = Readonly<Record<string, string>>;

// Caller IDs Twilio sends for withheld numbers.
const ANONYMOUS = new Set(['anonymous', 'restricted', 'unknown', 'private', 'unavailable', '+266696687', '+86282452253', '+7378742833', '+2562533']);
const MAX_MEDIA = 10;
const TERMINAL_CALL_STATUSES = new Set(['completed', 'no-answer', 'busy', 'canceled', 'failed']);
const OUTBOUND_MESSAGE_STATUSES: Readonly<Record<string, EventStatus>> = { sent: 'sent', delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };

const callSchema = z.object({ CallSid: z.string().min(1), From: z.string(), To: z.string(), Direction: z.string().optional(), CallDuration: z.string().regex(/^\d{1,7}$/, 'must be whole seconds, under 116 days').optional(), Timestamp: z.string().optional(), CallerName: z.string().optional() });
const messageSchema = z.object({ MessageSid: z.string().min(1), From: z.string().min(1), To: z.string().min(1), Body: z.string().optional(), NumMedia: z.string().regex(/^\d+$/).optional() });
const recordingSchema = z.object({ CallSid: z.string().min(1), RecordingSid: z.string().min(1), RecordingUrl: z.url(), RecordingDuration: z.string().regex(/^\d+$/).optional(), From: z.string().optional(), To: z.string().optional() });

const read = <T>(schema: z.ZodType<T>, params: Params, what: string): T => {
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError('malformed_payload', `Twilio ${what} callback: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
};

const party = (raw: string, ctx: ParseContext) => {
  const anonymous = ANONYMOUS.has(raw.trim().toLowerCase());
  const e164 = anonymous ? undefined : toE164(raw, ctx.settings.defaultCountry);
  return { raw: anonymous ? 'anonymous' : raw, ...(e164 ? { e164 } : {}) };
};

const isClientLeg = (address: string): boolean => /^(client|sip):/i.test(address);

const instant = (rfc2822: string | undefined, fallback: Date): string => {
  const parsed = rfc2822 ? Date.parse(rfc2822) : Number.NaN;
  return new Date(Number.isNaN(parsed) ? fallback.getTime() : parsed).toISOString();
};

const base = (ctx: ParseContext) => ({ schemaVersion: 1 as const, tenantId: ctx.tenantId, provider: 'twilio' as const, correlationId: ctx.correlationId, media: [] });

const callStatus = (status: string, direction: Direction): EventStatus => {
  switch (status) {
    case 'completed': return 'completed';
    case 'busy': return 'busy';
    case 'failed': return 'failed';
    case 'no-answer': return direction === 'inbound' ? 'missed' : 'no_answer';
    default: return direction === 'inbound' ? 'missed' : 'canceled';
  }
};

const voiceStatus = (params: Params, ctx: ParseContext): ParsedWebhook => {
  const status = params.CallStatus ?? '';
  if (!TERMINAL_CALL_STATUSES.has(status)) return { type: 'ignored', reason: `non_terminal_call_status:${status}` };
  const call = read(callSchema, params, 'voice status');
  const internal = isClientLeg(call.From) && isClientLeg(call.To);
  const direction: Direction = internal ? 'internal' : call.Direction?.startsWith('outbound') ? 'outbound' : 'inbound';
  // The firm's side is whoever placed an outbound or internal call.
  const [external, firm] = direction === 'inbound' ? [call.From, call.To] : [call.To, call.From];
  const endedAt = instant(call.Timestamp, ctx.receivedAt);
  const duration = call.CallDuration === undefined ? undefined : Number(call.CallDuration);
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `call:${call.CallSid}`,
    providerResourceId: call.CallSid,
    kind: 'call',
    direction,
    external: { ...party(external, ctx), ...(call.CallerName && direction === 'inbound' ? { callerIdName: call.CallerName } : {}) },
    firm: isClientLeg(firm) ? { userRef: firm } : party(firm, ctx),
    occurredAt: endedAt,
    endedAt,
    ...(duration === undefined ? {} : { durationSeconds: duration, startedAt: new Date(Date.parse(endedAt) - duration * 1000).toISOString() }),
    status: callStatus(status, direction),
  };
  return { type: 'event', event };
};

const message = (params: Params, ctx: ParseContext): ParsedWebhook => {
  const status = params.MessageStatus ?? params.SmsStatus ?? '';
  const inbound = status === 'received';
  const outboundStatus = ownEntry(OUTBOUND_MESSAGE_STATUSES, status);
  if (!inbound && !outboundStatus) return { type: 'ignored', reason: `non_terminal_message_status:${status}` };
  const sms = read(messageSchema, params, 'messaging');
  // Twilio attaches at most 10 media; a larger NumMedia (up to 2^53) would allocate an array that size, or throw.
  const media = Array.from({ length: Math.min(Number(sms.NumMedia ?? 0), MAX_MEDIA) }, (_, i) => ({ url: params[`MediaUrl${i}`], contentType: params[`MediaContentType${i}`] }))
    .flatMap((m) => (m.url && z.url().safeParse(m.url).success ? [{ url: m.url, ...(m.contentType ? { contentType: m.contentType } : {}) }] : []));
  const occurredAt = ctx.receivedAt.toISOString();
  const event: CanonicalEvent = {
    ...base(ctx),
    // One message, one event: whichever of sent/delivered/undelivered arrives first is the one logged.
    providerEventId: `message:${sms.MessageSid}`,
    providerResourceId: sms.MessageSid,
    kind: 'sms',
    direction: inbound ? 'inbound' : 'outbound',
    external: party(inbound ? sms.From : sms.To, ctx),
    firm: party(inbound ? sms.To : sms.From, ctx),
    occurredAt,
    status: outboundStatus ?? 'received',
    ...(sms.Body === undefined ? {} : { text: sms.Body }),
    media,
  };
  return { type: 'event', event };
};

const recording = (params: Params, ctx: ParseContext): ParsedWebhook => {
  if (params.RecordingStatus !== undefined && params.RecordingStatus !== 'completed') {
    return { type: 'ignored', reason: `non_terminal_recording_status:${params.RecordingStatus}` };
  }
  const rec = read(recordingSchema, params, 'recording');
  // A recording status callback names no caller; only a <Record> action callback (a voicemail) does.
  if (!rec.From || !rec.To) return { type: 'ignored', reason: 'recording_without_caller' };
  const duration = rec.RecordingDuration === undefined ? undefined : Number(rec.RecordingDuration);
  const occurredAt = ctx.receivedAt.toISOString();
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `recording:${rec.RecordingSid}`,
    providerResourceId: rec.CallSid,
    kind: 'voicemail',
    direction: 'inbound',
    external: { ...party(rec.From, ctx), ...(params.CallerName ? { callerIdName: params.CallerName } : {}) },
    firm: party(rec.To, ctx),
    occurredAt,
    ...(duration === undefined ? {} : { durationSeconds: duration }),
    status: 'voicemail',
    recording: { url: rec.RecordingUrl, ...(duration === undefined ? {} : { durationSeconds: duration }) },
  };
  return { type: 'event', event };
};

/** Turns Twilio's callback parameters into a canonical event, or says why there is nothing to log. */
export const normaliseTwilio = (params: Params, ctx: ParseContext): ParsedWebhook => {
  if (params.RecordingSid !== undefined) return recording(params, ctx);
  if (params.MessageSid !== undefined || params.SmsSid !== undefined) return message({ MessageSid: params.SmsSid ?? '', ...params }, ctx);
  if (params.CallSid !== undefined) return voiceStatus(params, ctx);
  return { type: 'ignored', reason: 'unrecognised_callback' };
};
