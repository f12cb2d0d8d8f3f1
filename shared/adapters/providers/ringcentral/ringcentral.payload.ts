import { z } from 'zod';
import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { readPayload, instantOr, baseEvent } from '../kit.js';

// RingCentral ids are strings in these events, numbers in some others; both are read as strings.
const id = z.union([z.string().min(1), z.number()]).transform(String);

/** Every notification's envelope (developers.ringcentral.com/guide/notifications/webhooks/receiving). */
export const envelopeSchema = z.object({
  uuid: z.string().min(1),
  event: z.string().min(1),
  ownerId: id.optional(),
  body: z.unknown(),
});

const endpoint = z.object({ phoneNumber: z.string().optional(), name: z.string().optional(), extensionId: id.optional() });

/** A party of a telephony session event (guide/notifications/event-filters/account-telephony-sessions). */
export const partySchema = z.object({
  id: z.string().min(1),
  extensionId: id.optional(),
  direction: z.enum(['Inbound', 'Outbound']).optional(),
  from: endpoint.optional(),
  to: endpoint.optional(),
  status: z.object({ code: z.string().min(1), reason: z.string().optional() }),
  missedCall: z.boolean().optional(),
});
/** A party as a telephony session event reports it. */
export type Party = z.infer<typeof partySchema>;

/** The body of a telephony session event; kept as a call fragment. */
export const sessionSchema = z.object({
  sequence: z.number().int().optional(),
  telephonySessionId: z.string().min(1),
  eventTime: z.string().min(1),
  parties: z.array(partySchema).min(1),
});

const address = z.object({ phoneNumber: z.string().optional(), extensionNumber: z.string().optional(), name: z.string().optional() });

/** A message-store record as the instant-message, fax and voicemail events carry it. */
export const messageSchema = z.object({
  id,
  type: z.string().min(1),
  direction: z.enum(['Inbound', 'Outbound']),
  from: address.optional(),
  to: z.array(address).optional(),
  creationTime: z.string().optional(),
  subject: z.string().optional(),
  messageStatus: z.string().optional(),
  attachments: z.array(z.object({ uri: z.string().min(1), type: z.string().optional(), contentType: z.string().optional(), vmDuration: z.number().optional() })).optional(),
  faxPageCount: z.number().int().nonnegative().optional(),
});
/** A message-store record (SMS, fax or voicemail). */
export type Message = z.infer<typeof messageSchema>;

/** Parses what the event filter promised, or says what is missing. */
export const read = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => readPayload('RingCentral', schema, value, what);

export const instant = instantOr;

// Internal calls and messages name a bare extension number ("102") where a phone number would be.
const isExtension = (value: string): boolean => /^\d{1,6}$/.test(value);

/** The outside party: its number (absent when withheld) and the caller ID name RingCentral shows. */
export const externalParty = (phoneNumber: string | undefined, name: string | undefined, ctx: ParseContext): CanonicalEvent['external'] => {
  const raw = phoneNumber ?? 'anonymous';
  const e164 = phoneNumber && !isExtension(phoneNumber) ? toE164(phoneNumber, ctx.settings.defaultCountry) : undefined;
  return { raw, ...(e164 ? { e164 } : {}), ...(name ? { callerIdName: name } : {}) };
};

/** The firm's side: its number or bare extension, and the RingCentral extension id it belongs to. */
export const firmParty = (phoneNumber: string | undefined, extension: string | undefined, userRef: string | undefined, ctx: ParseContext): CanonicalEvent['firm'] => {
  const short = phoneNumber && isExtension(phoneNumber) ? phoneNumber : undefined;
  const e164 = phoneNumber && !short ? toE164(phoneNumber, ctx.settings.defaultCountry) : undefined;
  const ext = extension ?? short;
  return { ...(e164 ? { e164 } : {}), ...(ext ? { extension: ext } : {}), ...(userRef ? { userRef } : {}) };
};

/** The fields every RingCentral canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('ringcentral', ctx);
