import * as z from 'zod';
import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { baseEvent, readPayload } from '../kit.js';

const short = z.string().max(512);
// Whole seconds, as a number or a numeric string; bounded so that `end_time - duration` stays a date.
const seconds = z.union([
  z.number().int().nonnegative().max(9_999_999),
  z
    .string()
    .regex(/^\d{1,7}$/)
    .transform(Number),
]);

/**
 * A Voice API call-leg event (developer.vonage.com/en/voice/voice-api/webhook-reference#event-webhook): one leg
 * (`uuid`) of a conversation (`conversation_uuid`). Vonage sends `null` for fields a status does not fill
 * (`start_time`, `rate`, `network` on `answered`; `from` on a Client SDK user's leg).
 */
export const legEventSchema = z.object({
  uuid: short.min(1),
  conversation_uuid: short.min(1),
  status: short.min(1),
  direction: short.nullish(),
  from: short.nullish(),
  to: short.nullish(),
  timestamp: short.nullish(),
  start_time: short.nullish(),
  end_time: short.nullish(),
  duration: seconds.nullish(),
});
export type LegEvent = z.infer<typeof legEventSchema>;

/** The statuses the reference documents for a leg, each with its `direction` (docs/providers/vonage.md). */
export const LEG_STATUSES = new Set(['started', 'ringing', 'answered', 'busy', 'cancelled', 'unanswered', 'rejected', 'failed', 'timeout', 'completed']);

/** The event an NCCO `record` action sends when it finishes: a recording of the conversation, no `status`. */
export const recordEventSchema = z.object({
  conversation_uuid: short.min(1),
  recording_url: z.url().max(2048),
  recording_uuid: short.min(1).nullish(),
  start_time: short.nullish(),
  end_time: short.nullish(),
  timestamp: short.nullish(),
});
export type RecordEvent = z.infer<typeof recordEventSchema>;

/** Advanced machine detection's verdict on a leg (`call_uuid`, not `uuid`): `human` or `machine`. */
export const machineEventSchema = z.object({
  call_uuid: short.min(1),
  conversation_uuid: short.min(1),
  status: z.enum(['human', 'machine']),
  timestamp: short.nullish(),
});

/** Parses what a callback promised, or says what is missing. */
export const read = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => readPayload('Vonage', schema, value, what);

/** The fields every Vonage canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('vonage', ctx);

/**
 * Vonage writes numbers in international format without `+` ("447700900000"): read them as international first,
 * then with the tenant's country for anything else.
 */
export const vonageE164 = (raw: string, defaultCountry: string): string | undefined =>
  (/^\d{8,15}$/.test(raw) ? toE164(`+${raw}`, defaultCountry) : undefined) ?? toE164(raw, defaultCountry);

/**
 * Whether a leg's `to` is a WebSocket an NCCO `connect` streams the call to (a recorder, a transcriber, a voice bot):
 * Vonage names the socket's URI there (developer.vonage.com/en/voice/voice-api/concepts/websockets).
 */
export const isWebsocket = (raw: string | null | undefined): boolean => !!raw && /^wss?:/i.test(raw);

/** Whether an address is a phone number, not a Client SDK user ("Alice"), a SIP URI or Vonage's "Unknown". */
export const isPhone = (raw: string | null | undefined, ctx: ParseContext): raw is string =>
  !!raw && vonageE164(raw, ctx.settings.defaultCountry) !== undefined;

/** The outside party as Vonage wrote it; `anonymous` when it withheld the number. */
export const externalParty = (raw: string | null | undefined, ctx: ParseContext): CanonicalEvent['external'] => {
  const e164 = raw ? vonageE164(raw, ctx.settings.defaultCountry) : undefined;
  return { raw: raw || 'anonymous', ...(e164 ? { e164 } : {}) };
};

/**
 * The firm's side: its Vonage number, and the person who took or placed the call (their phone's number, a Client
 * SDK user name or a SIP URI), which `userMappings` maps to a Clio user.
 */
export const firmParty = (number: string | null | undefined, person: string | null | undefined, ctx: ParseContext): CanonicalEvent['firm'] => {
  const e164 = number ? vonageE164(number, ctx.settings.defaultCountry) : undefined;
  const userRef = person ? (vonageE164(person, ctx.settings.defaultCountry) ?? person) : undefined;
  return { ...(e164 ? { e164 } : {}), ...(userRef ? { userRef } : {}) };
};
