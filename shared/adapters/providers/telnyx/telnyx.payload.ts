import * as z from 'zod';
import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { ownEntry } from '../own-entry.js';
import { readPayload, instantOr, baseEvent } from '../kit.js';

/** The envelope of every Telnyx v2 webhook (developers.telnyx.com/docs/messaging/messages/receiving-webhooks). */
export const envelopeSchema = z.object({
  data: z.object({ id: z.string().min(1), event_type: z.string().min(1), occurred_at: z.string().optional(), payload: z.unknown() }),
});

const urlPair = z.object({ mp3: z.string().max(2048).nullish(), wav: z.string().max(2048).nullish() }).nullish();

/**
 * The fields of a Call Control callback (`call.*`) that assembling a call needs; what is kept as a fragment.
 * Telnyx's own types mark every field optional; each event type requires its own below.
 */
const short = z.string().max(512);
export const callPayloadSchema = z.object({
  call_session_id: short.min(1),
  call_leg_id: short.min(1).optional(),
  from: short.optional(),
  to: short.optional(),
  direction: z.enum(['incoming', 'outgoing']).optional(),
  caller_id_name: short.optional(),
  start_time: short.optional(),
  hangup_cause: short.optional(),
  recording_urls: urlPair,
  public_recording_urls: urlPair,
  recording_started_at: short.optional(),
  recording_ended_at: short.optional(),
  recording_transcription_id: short.optional(),
  transcription_text: z.string().max(32_000).optional(),
});
/** What a call fragment stores of a Call Control callback. */
export type CallPayload = z.infer<typeof callPayloadSchema>;

/** Required per call event type, beyond `call_session_id`. */
export const CALL_EVENT_REQUIREMENTS: Readonly<Record<string, z.ZodType<CallPayload>>> = {
  'call.initiated': callPayloadSchema.required({ call_leg_id: true, from: true, to: true, direction: true }),
  'call.answered': callPayloadSchema.required({ call_leg_id: true }),
  'call.bridged': callPayloadSchema.required({ call_leg_id: true }),
  'call.hangup': callPayloadSchema.required({ call_leg_id: true }),
  'call.recording.saved': callPayloadSchema,
  'call.recording.transcription.saved': callPayloadSchema.required({ transcription_text: true }),
};

const phone = z.object({ phone_number: z.string().min(1), line_type: z.string().nullish(), status: z.string().nullish() });

/** `message.received` / `message.finalized` payload (record_type `message`). */
export const messagePayloadSchema = z.object({
  id: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  from: phone,
  to: z.array(phone).min(1),
  text: z.string().nullish(),
  media: z.array(z.object({ url: z.string(), content_type: z.string().nullish() })).nullish(),
  received_at: z.string().nullish(),
  completed_at: z.string().nullish(),
});

/** `fax.received` / `fax.delivered` / `fax.failed` payload. */
export const faxPayloadSchema = z.object({
  fax_id: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  from: z.string().min(1),
  to: z.string().min(1),
  media_url: z.string().nullish(),
  original_media_url: z.string().nullish(),
  page_count: z.number().int().nonnegative().nullish(),
});

/** Parses a payload the event type promised, or says what is missing. */
export const read = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => readPayload('Telnyx', schema, value, what);

export const instant = instantOr;

/** Telnyx names a softphone or SIP trunk user by SIP URI where a phone number would be. */
export const isSipUri = (address: string): boolean => /^sips?:/i.test(address.trim());

/** A party as Telnyx names it: an E.164 number, or a SIP URI (a firm user's softphone). */
export const externalParty = (raw: string, ctx: ParseContext): CanonicalEvent['external'] => {
  const e164 = isSipUri(raw) ? undefined : toE164(raw, ctx.settings.defaultCountry);
  return { raw, ...(e164 ? { e164 } : {}) };
};

/** The firm's side: its number, or the SIP user it rang. */
export const firmParty = (raw: string, ctx: ParseContext): CanonicalEvent['firm'] => {
  if (isSipUri(raw)) return { userRef: raw };
  const e164 = toE164(raw, ctx.settings.defaultCountry);
  return e164 ? { e164 } : {};
};

const LINE_TYPES: Readonly<Record<string, 'mobile' | 'landline' | 'voip'>> = {
  wireless: 'mobile',
  'pre-paid wireless': 'mobile',
  wireline: 'landline',
  voip: 'voip',
  vowifi: 'voip',
};
/** Telnyx messaging `line_type` as the canonical line type (a mobile sender makes a Mobile contact number). */
export const lineTypeOf = (value: string | null | undefined) => (value ? ownEntry(LINE_TYPES, value.toLowerCase()) : undefined);

/** Media references that are absolute URLs (the canonical event refuses anything else). */
export const mediaOf = (items: readonly { url: string | null | undefined; contentType?: string | null | undefined }[]): CanonicalEvent['media'] =>
  items.flatMap(({ url, contentType }) => (url && z.url().safeParse(url).success ? [{ url, ...(contentType ? { contentType } : {}) }] : []));

/** The fields every Telnyx canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('telnyx', ctx);
