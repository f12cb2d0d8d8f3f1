import * as z from 'zod';
import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { readPayload, baseEvent } from '../kit.js';

/** The last millisecond of the year 9999: every epoch date we accept stays a `Date` that `toISOString` can write. */
export const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** A call longer than a week is no call Dialpad places; bounded so that `date_connected + duration` stays a date. */
const LONGEST_CALL_MS = 7 * 24 * 3600 * 1000;

// Dialpad ids are 64-bit integers, sent as JSON numbers or strings; epoch-millisecond dates likewise.
const id = z.union([z.string().min(1).max(64), z.number()]).transform(String);
const epochMs = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,15}$/)
      .transform(Number),
  ])
  .pipe(z.number().min(0).max(LATEST_MS))
  .nullish();
const text = z.string().max(2048).nullish();
// The ids linking the legs of one call are null (or 0) on a leg that has none.
const linkId = z
  .union([z.string().max(64), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' || v === 0 || v === '0' ? undefined : String(v)));

const person = z.object({ id: id.nullish(), name: text, phone: text, phone_number: text, email: text, type: text }).nullish();

/** One recording Dialpad made of a call leg (`recording_details` of the `recording` state). */
const recordingDetail = z.object({ id: id.nullish(), url: text, recording_type: text });

/**
 * A call event (developers.dialpad.com/docs/call-events): one per state transition of one call leg. A call through
 * a department, office or call centre is several legs, each with its own `call_id`, linked by `entry_point_call_id`
 * and `master_call_id` (docs/providers/dialpad.md). `state`, `direction` and contact `type` are open: Dialpad adds values.
 */
export const callSchema = z.object({
  call_id: id,
  state: z.string().min(1).max(64),
  direction: z.string().min(1).max(64),
  external_number: text,
  internal_number: text,
  contact: person,
  target: person,
  entry_point_call_id: linkId,
  master_call_id: linkId,
  date_started: epochMs,
  date_connected: epochMs,
  date_ended: epochMs,
  event_timestamp: epochMs,
  /** Milliseconds, as Dialpad reports it. */
  duration: z.number().nonnegative().max(LONGEST_CALL_MS).nullish(),
  voicemail_link: text,
  transcription_text: z.string().max(32_000).nullish(),
  recording_details: z.array(recordingDetail).max(20).nullish(),
});
/** A decoded Dialpad call event. */
export type DialpadCall = z.infer<typeof callSchema>;

/**
 * The call a leg belongs to (docs/providers/dialpad.md): a person's leg of a department, office or call-centre call
 * names the group's leg as `entry_point_call_id`; a leg Dialpad starts from another (a forward, a transfer) names it
 * as `master_call_id`. A leg with neither is the call's own.
 */
export const callKeyOf = (c: Pick<DialpadCall, 'call_id' | 'entry_point_call_id' | 'master_call_id'>): string =>
  c.entry_point_call_id ?? c.master_call_id ?? c.call_id;

/** An SMS event (developers.dialpad.com/docs/sms-events); `contact` is the outside party whichever way it went. */
export const smsSchema = z.object({
  id,
  direction: z.string().min(1).max(64),
  from_number: z.string().min(1),
  to_number: z.array(z.string()),
  text,
  created_date: epochMs,
  event_timestamp: epochMs,
  message_status: text,
  message_delivery_result: text,
  is_internal: z.boolean().nullish(),
  mms: z.boolean().nullish(),
  mms_url: text,
  contact: person,
  target: person,
});

/** Parses what the event promised, or says what is missing. */
export const read = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => readPayload('Dialpad', schema, value, what);

/** The first epoch-millisecond date present, as an ISO instant; one outside years 1970–9999 is none, never a RangeError. */
export const instant = (...values: (number | null | undefined)[]): string | undefined => {
  const ms = values.find((v): v is number => typeof v === 'number' && v > 0 && v <= LATEST_MS);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

/** The outside party: its number and, inbound, the contact name Dialpad shows. */
export const externalParty = (raw: string | null | undefined, name: string | null | undefined, ctx: ParseContext): CanonicalEvent['external'] => {
  const number = raw?.trim() ?? '';
  const e164 = number ? toE164(number, ctx.settings.defaultCountry) : undefined;
  return { raw: number || 'anonymous', ...(e164 ? { e164 } : {}), ...(name ? { callerIdName: name } : {}) };
};

/** The firm side: its number, and the Dialpad user (e-mail, else id) the call or message was for. */
export const firmParty = (raw: string | null | undefined, target: z.infer<typeof person>, ctx: ParseContext): CanonicalEvent['firm'] => {
  const e164 = raw ? toE164(raw, ctx.settings.defaultCountry) : undefined;
  const userRef = target?.email || target?.id || undefined;
  return { ...(e164 ? { e164 } : {}), ...(userRef ? { userRef } : {}) };
};

/** Whether Dialpad gave a usable absolute link. */
export const isUrl = (value: string | null | undefined): value is string => !!value && z.url().max(2048).safeParse(value).success;

/** The fields every Dialpad canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('dialpad', ctx);

/** Directions Dialpad documents for calls and messages. */
export const DIRECTIONS = new Set(['inbound', 'outbound']);

/**
 * Contact types public Dialpad integrations show: `user` is another Dialpad user (an internal call), the others are
 * outside parties from the firm's contact sources.
 */
export const CONTACT_TYPES = new Set(['user', 'local', 'google', 'microsoft', 'nylas']);

/** The values in `unrecognised`, once each and at most ten, as the event's field (none: no field). */
export const unrecognisedField = (values: readonly NonNullable<CanonicalEvent['unrecognised']>[number][]): Pick<CanonicalEvent, 'unrecognised'> => {
  const seen = new Map(values.map((v) => [`${v.field}\u0000${v.value}`, v]));
  const unique = [...seen.values()].slice(0, 10);
  return unique.length > 0 ? { unrecognised: unique } : {};
};
