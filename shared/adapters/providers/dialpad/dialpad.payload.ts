import { z } from 'zod';
import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { readPayload, baseEvent } from '../kit.js';

// Dialpad ids are 64-bit integers, sent as JSON numbers or strings; epoch-millisecond dates likewise.
const id = z.union([z.string().min(1), z.number()]).transform(String);
const epochMs = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish();
const text = z.string().nullish();

const person = z.object({ id: id.nullish(), name: text, phone: text, phone_number: text, email: text, type: text }).nullish();

/** A call event (developers.dialpad.com/docs/call-events): one per state transition of one call leg. */
export const callSchema = z.object({
  call_id: id,
  state: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  external_number: text,
  internal_number: text,
  contact: person,
  target: person,
  date_started: epochMs,
  date_connected: epochMs,
  date_ended: epochMs,
  event_timestamp: epochMs,
  /** Milliseconds, as Dialpad reports it. */
  duration: z.number().nonnegative().nullish(),
  voicemail_link: text,
  transcription_text: text,
});
/** A decoded Dialpad call event. */
export type DialpadCall = z.infer<typeof callSchema>;

/** An SMS event (developers.dialpad.com/docs/sms-events). */
export const smsSchema = z.object({
  id,
  direction: z.enum(['inbound', 'outbound']),
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

/** The first epoch-millisecond date present, as an ISO instant. */
export const instant = (...values: (number | null | undefined)[]): string | undefined => {
  const ms = values.find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
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
export const isUrl = (value: string | null | undefined): value is string => !!value && z.url().safeParse(value).success;

/** The fields every Dialpad canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('dialpad', ctx);
