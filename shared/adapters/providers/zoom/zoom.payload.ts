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
  call_id: z.string().min(1),
  connect_type: open,
  direction: open,
  hide_caller_id: z.boolean().optional(),
  caller_name: open, caller_did_number: open, caller_ext_number: open, caller_email: open, caller_ext_id: open,
  caller_ext_type: open, caller_number_type: open,
  callee_name: open, callee_did_number: open, callee_ext_number: open, callee_email: open, callee_ext_id: open,
  callee_ext_type: open, callee_number_type: open,
  start_time: z.string().min(1),
  answer_time: open,
  end_time: open,
  event: open,
  result: z.string().min(1),
  result_reason: open,
  operator_ext_number: open,
  operator_ext_id: open,
  recording_id: open,
  voicemail_id: open,
  talk_time: z.number().nonnegative().optional(),
});
export type CallElement = z.infer<typeof callElementSchema>;

/** One user's view of a completed call: the user and at least one call element. */
export const callHistorySchema = z.object({ user_id: z.string().optional(), call_logs: z.tuple([callElementSchema], callElementSchema) });
/** The same view as the call element events (v3) name it. */
export const callElementsSchema = z.object({ user_id: z.string().optional(), call_elements: z.tuple([callElementSchema], callElementSchema) });
export type CallHistory = z.infer<typeof callHistorySchema>;

/** One record of the legacy `phone.callee|caller_call_log_completed` (removed by Zoom in May 2026). */
const callLogRecord = z.object({
  id: z.string().optional(),
  call_id: z.string().min(1),
  direction: open,
  caller_number: z.string().min(1),
  caller_number_type: z.number().optional(),
  caller_name: open,
  caller_did_number: open,
  callee_number: z.string().min(1),
  callee_number_type: z.number().optional(),
  callee_name: open,
  callee_did_number: open,
  callee_user_id: open,
  caller_user_id: open,
  date_time: z.string().min(1),
  answer_start_time: open,
  call_end_time: open,
  duration: z.number().nonnegative().optional(),
  result: z.string().min(1),
});
export type CallLogRecord = z.infer<typeof callLogRecord>;
/** `phone.callee|caller_call_log_completed`: the user and at least one call log record. */
export const callLogSchema = z.object({ user_id: z.string().optional(), call_logs: z.tuple([callLogRecord], callLogRecord) });
export type CallLog = z.infer<typeof callLogSchema>;

/** `phone.voicemail_received`. */
export const voicemailSchema = z.object({
  id: z.string().min(1),
  date_time: z.string().min(1),
  download_url: z.string().min(1),
  duration: z.number().nonnegative().optional(),
  caller_number: z.string(),
  caller_name: open,
  caller_did_number: open,
  callee_number: open,
  callee_did_number: open,
  callee_user_id: open,
  call_id: open,
});
export type Voicemail = z.infer<typeof voicemailSchema>;

/** One recording of `phone.recording_completed`; its `download_url` needs the account's OAuth token to fetch. */
export const recordingSchema = z.object({
  id: z.string().min(1),
  call_id: open,
  download_url: z.string().min(1),
  duration: z.number().nonnegative().optional(),
  date_time: open,
});
export type Recording = z.infer<typeof recordingSchema>;
/** `phone.recording_completed`. */
export const recordingsSchema = z.object({ recordings: z.tuple([recordingSchema], recordingSchema) });

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
  const ext = extension || (number && isExtension(number) ? number : undefined);
  const e164 = number && !isExtension(number) ? toE164(number, ctx.settings.defaultCountry) : undefined;
  return { ...(e164 ? { e164 } : {}), ...(ext ? { extension: ext } : {}), ...(userRef ? { userRef } : {}) };
};

/** Links that are absolute URLs (Zoom's download links need the account's token to fetch). */
export const mediaOf = (urls: readonly (string | undefined)[]): CanonicalEvent['media'] =>
  urls.flatMap((url) => (url && z.url().max(2048).safeParse(url).success ? [{ url }] : []));

/** The fields every Zoom canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('zoom', ctx);
