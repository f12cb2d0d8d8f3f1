import { z } from 'zod';
import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { readPayload, instantOr, baseEvent } from '../kit.js';

/** Every Zoom webhook: `{event, event_ts, payload: {account_id, object}}` (developers.zoom.us/docs/api/webhooks). */
export const envelopeSchema = z.object({
  event: z.string().min(1),
  event_ts: z.number().optional(),
  payload: z.object({ account_id: z.string().optional(), object: z.unknown() }).optional(),
});

/** One call element of `phone.callee|caller_call_history_completed` (developers.zoom.us/docs/api/phone/events). */
const callElement = z.object({
  call_id: z.string().min(1),
  connect_type: z.enum(['internal', 'external']).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  caller_name: z.string().optional(),
  caller_did_number: z.string().optional(),
  caller_ext_number: z.string().optional(),
  caller_email: z.string().optional(),
  caller_ext_id: z.string().optional(),
  callee_name: z.string().optional(),
  callee_did_number: z.string().optional(),
  callee_ext_number: z.string().optional(),
  callee_email: z.string().optional(),
  callee_ext_id: z.string().optional(),
  start_time: z.string().min(1),
  answer_time: z.string().optional(),
  end_time: z.string().optional(),
  result: z.string().min(1),
  talk_time: z.number().nonnegative().optional(),
});
/** `phone.callee|caller_call_history_completed`: the user and at least one call element. */
export const callHistorySchema = z.object({ user_id: z.string().optional(), call_logs: z.tuple([callElement], callElement) });

/** One record of the legacy `phone.callee|caller_call_log_completed` (being removed in May 2026). */
const callLogRecord = z.object({
  call_id: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']).optional(),
  caller_number: z.string().min(1),
  caller_number_type: z.number().optional(),
  caller_name: z.string().optional(),
  caller_did_number: z.string().optional(),
  callee_number: z.string().min(1),
  callee_number_type: z.number().optional(),
  callee_name: z.string().optional(),
  callee_did_number: z.string().optional(),
  callee_user_id: z.string().optional(),
  caller_user_id: z.string().optional(),
  date_time: z.string().min(1),
  answer_start_time: z.string().optional(),
  call_end_time: z.string().optional(),
  duration: z.number().nonnegative().optional(),
  result: z.string().min(1),
});
/** `phone.callee|caller_call_log_completed`: the user and at least one call log record. */
export const callLogSchema = z.object({ user_id: z.string().optional(), call_logs: z.tuple([callLogRecord], callLogRecord) });

/** `phone.voicemail_received`. */
export const voicemailSchema = z.object({
  id: z.string().min(1),
  date_time: z.string().min(1),
  download_url: z.string().min(1),
  duration: z.number().nonnegative().optional(),
  caller_number: z.string(),
  caller_name: z.string().optional(),
  callee_number: z.string().optional(),
  callee_did_number: z.string().optional(),
  callee_user_id: z.string().optional(),
  call_id: z.string().optional(),
});

const member = z.object({ phone_number: z.string().min(1), id: z.string().optional(), display_name: z.string().optional() });

/** `phone.sms_received` / `phone.sms_sent` / `phone.sms_sent_failed`. */
export const smsSchema = z.object({
  message_id: z.string().min(1),
  sender: member,
  to_members: z.tuple([member], member),
  owner: z.object({ id: z.string().optional(), type: z.string().optional() }).optional(),
  message: z.string().optional(),
  attachments: z.array(z.object({ download_url: z.string(), type: z.string().optional() })).optional(),
  date_time: z.string().min(1),
});

/** Parses what the event promised, or says what is missing. */
export const read = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => readPayload('Zoom', schema, value, what);

export const instant = instantOr;

// Zoom names a firm user by extension ("1001") where a phone number would be.
const isExtension = (value: string): boolean => /^\d{1,6}$/.test(value);

/** The outside party: its number (absent when hidden) and the caller ID name. */
export const externalParty = (raw: string | undefined, name: string | undefined, ctx: ParseContext): CanonicalEvent['external'] => {
  const number = raw?.trim() ?? '';
  const e164 = number && !isExtension(number) ? toE164(number, ctx.settings.defaultCountry) : undefined;
  return { raw: number || 'anonymous', ...(e164 ? { e164 } : {}), ...(name ? { callerIdName: name } : {}) };
};

/** The firm's side: its DID, extension and the Zoom user (e-mail or id) it belongs to. */
export const firmParty = (number: string | undefined, extension: string | undefined, userRef: string | undefined, ctx: ParseContext): CanonicalEvent['firm'] => {
  const ext = extension ?? (number && isExtension(number) ? number : undefined);
  const e164 = number && !isExtension(number) ? toE164(number, ctx.settings.defaultCountry) : undefined;
  return { ...(e164 ? { e164 } : {}), ...(ext ? { extension: ext } : {}), ...(userRef ? { userRef } : {}) };
};

/** Attachment links that are absolute URLs (they need the account's token to fetch). */
export const mediaOf = (urls: readonly (string | undefined)[]): CanonicalEvent['media'] =>
  urls.flatMap((url) => (url && z.url().safeParse(url).success ? [{ url }] : []));

/** The fields every Zoom canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('zoom', ctx);
