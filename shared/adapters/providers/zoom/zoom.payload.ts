import * as z from 'zod';
import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { readPayload, baseEvent } from '../kit.js';

/** Year 9999's last millisecond: the latest instant an ISO date, and so a canonical event, can carry. */
const LAST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** A week: no call lasts longer, so a longer talk or message time is not Zoom's. */
const LONGEST_CALL_SECONDS = 7 * 24 * 3600;

const inRange = (ms: number): boolean => Number.isFinite(ms) && ms >= 0 && ms <= LAST_INSTANT_MS;

// Ids become event keys (at most 200 characters with their prefix); Zoom's are far shorter.
export const zoomId = z.string().min(1).max(128);
// Zoom may send an empty `call_id` for a voicemail or recording of no call.
const maybeCallId = z.union([z.literal(''), zoomId]).optional();
const seconds = z.number().nonnegative().max(LONGEST_CALL_SECONDS);
// A date a stored fragment could not turn into a canonical instant is refused before it is stored.
const date = z
  .string()
  .min(1)
  .refine((text) => inRange(Date.parse(text)), 'is not a date between 1970 and 9999');
const maybeDate = z.union([z.literal(''), date]).optional();

/** Every Zoom webhook: `{event, event_ts, payload: {account_id, object}}` (developers.zoom.us/docs/api/webhooks). */
export const envelopeSchema = z.object({
  event: z.string().min(1),
  event_ts: z.unknown(),
  payload: z.object({ account_id: z.string().optional(), object: z.unknown() }).optional(),
});

/** The envelope's `event_ts` (ms since 1970) of a callback we read: one no date can carry is a malformed callback. */
export const timestampSchema = z.object({ event_ts: z.number().min(0).max(LAST_INSTANT_MS).optional() });

// Zoom grows its enumerations (connect_type, direction, event, result, extension and number types): they are read as
// text and checked against what we know in zoom.values.ts, never refused (docs/providers/zoom.md).
const open = z.string().optional();

/**
 * One call element (a leg as one user's call history sees it) of `phone.callee|caller_call_history_completed`
 * (`call_logs`) and `phone.callee|caller_call_element_completed` (`call_elements`), developers.zoom.us/docs/api/phone/events.
 */
export const callElementSchema = z.object({
  id: z.string().optional(),
  call_element_id: z.string().optional(),
  call_path_id: z.string().optional(),
  call_id: zoomId,
  connect_type: open,
  direction: open,
  hide_caller_id: z.boolean().optional(),
  caller_name: open,
  caller_did_number: open,
  caller_ext_number: open,
  caller_email: open,
  caller_ext_id: open,
  caller_ext_type: open,
  caller_number_type: open,
  callee_name: open,
  callee_did_number: open,
  callee_ext_number: open,
  callee_email: open,
  callee_ext_id: open,
  callee_ext_type: open,
  callee_number_type: open,
  start_time: date,
  answer_time: maybeDate,
  end_time: maybeDate,
  event: open,
  result: z.string().min(1),
  result_reason: open,
  operator_ext_number: open,
  operator_ext_id: open,
  operator_ext_type: open,
  recording_id: open,
  voicemail_id: open,
  talk_time: seconds.optional(),
});
export type CallElement = z.infer<typeof callElementSchema>;

/** One user's view of a completed call: the user and at least one call element. */
export const callHistorySchema = z.object({ user_id: z.string().optional(), call_logs: z.tuple([callElementSchema], callElementSchema) });
/** The same view as the call element events (v3) name it. */
export const callElementsSchema = z.object({ user_id: z.string().optional(), call_elements: z.tuple([callElementSchema], callElementSchema) });
export type CallHistory = z.infer<typeof callHistorySchema>;

/** `phone.voicemail_received`. */
export const voicemailSchema = z.object({
  id: zoomId,
  date_time: date,
  download_url: z.string().min(1),
  duration: seconds.optional(),
  caller_number: z.string(),
  caller_name: open,
  caller_did_number: open,
  callee_number: open,
  callee_did_number: open,
  callee_user_id: open,
  call_id: maybeCallId,
});
export type Voicemail = z.infer<typeof voicemailSchema>;

/** One recording of `phone.recording_completed`; its `download_url` needs the account's OAuth token to fetch. */
export const recordingSchema = z.object({
  id: zoomId,
  call_id: maybeCallId,
  download_url: z.string().min(1),
  duration: seconds.optional(),
  date_time: open,
});
export type Recording = z.infer<typeof recordingSchema>;
/** `phone.recording_completed`. */
export const recordingsSchema = z.object({ recordings: z.tuple([recordingSchema], recordingSchema) });

const member = z.object({ phone_number: z.string().min(1), id: z.string().optional(), display_name: z.string().optional() });

/** `phone.sms_received` / `phone.sms_sent` / `phone.sms_sent_failed`. */
export const smsSchema = z.object({
  message_id: zoomId,
  sender: member,
  to_members: z.tuple([member], member),
  owner: z.object({ id: z.string().optional(), type: z.string().optional() }).optional(),
  message: z.string().optional(),
  attachments: z.array(z.object({ download_url: z.string(), type: z.string().optional() })).optional(),
  date_time: date,
});

/** Parses what the event promised, or says what is missing. */
export const read = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => readPayload('Zoom', schema, value, what);

/** An ISO instant from Zoom's date text, or the fallback for one no ISO date can carry (never a RangeError). */
export const instant = (value: string | undefined, fallback: Date): string => {
  const ms = value ? Date.parse(value) : Number.NaN;
  return new Date(inRange(ms) ? ms : fallback.getTime()).toISOString();
};

/** The instant of a Zoom date text, when it is one. */
export const msOf = (value: string | undefined): number | undefined => {
  const ms = value ? Date.parse(value) : Number.NaN;
  return inRange(ms) ? ms : undefined;
};

// Zoom names a firm user by extension ("1001") where a phone number would be.
const isExtension = (value: string): boolean => /^\d{1,6}$/.test(value);

/** The outside party: its number (absent when hidden) and the caller ID name. */
export const externalParty = (raw: string | undefined, name: string | undefined, ctx: ParseContext): CanonicalEvent['external'] => {
  const number = raw?.trim() ?? '';
  const e164 = number && !isExtension(number) ? toE164(number, ctx.settings.defaultCountry) : undefined;
  return { raw: number || 'anonymous', ...(e164 ? { e164 } : {}), ...(name ? { callerIdName: name } : {}) };
};

/** The firm's side: its DID, extension and the Zoom user (e-mail or id) it belongs to. */
export const firmParty = (
  number: string | undefined,
  extension: string | undefined,
  userRef: string | undefined,
  ctx: ParseContext,
): CanonicalEvent['firm'] => {
  const ext = extension || (number && isExtension(number) ? number : undefined);
  const e164 = number && !isExtension(number) ? toE164(number, ctx.settings.defaultCountry) : undefined;
  return { ...(e164 ? { e164 } : {}), ...(ext ? { extension: ext } : {}), ...(userRef ? { userRef } : {}) };
};

/** Links that are absolute URLs (Zoom's download links need the account's token to fetch). */
export const mediaOf = (urls: readonly (string | undefined)[]): CanonicalEvent['media'] =>
  urls.flatMap((url) => (url && z.url().max(2048).safeParse(url).success ? [{ url }] : []));

/** The fields every Zoom canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('zoom', ctx);
