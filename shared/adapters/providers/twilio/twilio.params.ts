import * as z from 'zod';
import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';

/** Twilio's parameters of one callback, as strings. */
export type Params = Readonly<Record<string, string>>;

/** Ids, numbers, statuses: short texts. A longer value is not Twilio's. */
const text = z.string().max(512);
const seconds = z.string().regex(/^\d{1,7}$/, 'must be whole seconds, under 116 days');

/**
 * What a voice callback keeps of Twilio's parameters (twilio.com/docs/voice/api/call-resource#statuscallback,
 * /docs/voice/twiml/dial#action, /docs/voice/twiml/record#action, /docs/voice/api/recording#recordingstatuscallback):
 * a fragment of its call, stored until the call can be assembled (docs/providers/twilio.md).
 */
export const voiceParamsSchema = z.object({
  CallSid: text.min(1),
  ParentCallSid: text.optional(),
  AccountSid: text.optional(),
  From: text.optional(),
  To: text.optional(),
  Direction: text.optional(),
  CallStatus: text.optional(),
  CallDuration: seconds.optional(),
  Timestamp: text.optional(),
  CallerName: text.optional(),
  DialCallStatus: text.optional(),
  DialCallSid: text.optional(),
  DialCallDuration: seconds.optional(),
  DialBridged: text.optional(),
  RecordingSid: text.optional(),
  RecordingUrl: z.url().max(1024).optional(),
  RecordingDuration: z
    .string()
    .regex(/^-?\d{1,7}$/)
    .optional(),
  RecordingStatus: text.optional(),
  RecordingSource: text.optional(),
});
export type VoiceParams = z.infer<typeof voiceParamsSchema>;

/** The parameters a voice fragment keeps: the schema's own keys, nothing else a callback carries. */
export const voiceParamsOf = (params: Params): Record<string, string> =>
  Object.fromEntries(
    Object.keys(voiceParamsSchema.shape).flatMap((key) => (Object.hasOwn(params, key) && params[key] !== undefined ? [[key, params[key]]] : [])),
  );

// Caller IDs Twilio sends for withheld numbers.
const ANONYMOUS = new Set(['anonymous', 'restricted', 'unknown', 'private', 'unavailable', '+266696687', '+86282452253', '+7378742833', '+2562533']);

/** A number, or a firm user's softphone or SIP identity (`client:alice`, `sip:101@firm.sip.twilio.com`). */
export type Address = { readonly kind: 'number'; readonly raw: string } | { readonly kind: 'identity'; readonly identity: string };

/**
 * `client:NAME` is a Voice SDK user; `sip:USER@DOMAIN` is a SIP endpoint, or a number dialled from one when USER
 * reads as a phone number (`sip:+14155550123@firm.sip.twilio.com`).
 */
export const addressOf = (raw: string): Address => {
  const client = /^client:(.+)$/i.exec(raw.trim());
  if (client?.[1]) return { kind: 'identity', identity: client[1] };
  const sip = /^sips?:([^@;]+)/i.exec(raw.trim());
  if (!sip?.[1]) return { kind: 'number', raw };
  const user = sip[1].replace(/^%2B/i, '+');
  return /^\+?\d{7,15}$/.test(user) ? { kind: 'number', raw: user } : { kind: 'identity', identity: user };
};

/** The outside party: its number (none when withheld) and, inbound, its caller ID name. */
export const externalParty = (raw: string, callerName: string | undefined, ctx: ParseContext): CanonicalEvent['external'] => {
  const anonymous = ANONYMOUS.has(raw.trim().toLowerCase());
  const e164 = anonymous || raw === '' ? undefined : toE164(raw, ctx.settings.defaultCountry);
  return { raw: anonymous ? 'anonymous' : raw, ...(e164 ? { e164 } : {}), ...(callerName ? { callerIdName: callerName } : {}) };
};

/** The firm's side: its number, and the softphone or SIP user on the call. */
export const firmParty = (number: string | undefined, identity: string | undefined, ctx: ParseContext): CanonicalEvent['firm'] => {
  const e164 = number ? toE164(number, ctx.settings.defaultCountry) : undefined;
  return { ...(e164 ? { e164 } : {}), ...(identity ? { userRef: identity } : {}) };
};
