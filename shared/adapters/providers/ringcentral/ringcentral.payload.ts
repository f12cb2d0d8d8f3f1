import * as z from 'zod';
import type { CanonicalEvent, EventKind, EventStatus } from '../../../domain/canonical-event.js';
import { toE164 } from '../../../domain/phone.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { ownEntry } from '../own-entry.js';
import { readPayload, instantOr, baseEvent } from '../kit.js';

/** Where RingCentral's API and its relative links live. */
export const RINGCENTRAL_API_BASE_URL = 'https://platform.ringcentral.com';
/** Where RingCentral serves message attachments and call recordings (its "Receiving Faxes" and recordings guides). */
export const RINGCENTRAL_MEDIA_BASE_URL = 'https://media.ringcentral.com';

/** An account, extension, message or recording id as RingCentral issues them; nothing else goes into a URL we build. */
export const DIGITS = /^\d{1,20}$/;
/** Recordings kept per party: a call is recorded a few times at most; more is not a call's. */
const MAX_RECORDINGS_PER_PARTY = 20;
/** The first and last instants an ISO date, and so a canonical event, can carry (years 0000 to 9999). */
const FIRST_INSTANT_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

// RingCentral ids are strings in these events, numbers in some others; both are read as strings. Bounded so that no
// id makes a key (`voicemail:<id>`) longer than an event key may be.
const id = z.union([z.string().min(1).max(128), z.number()]).transform(String);
/** An account named in a path: its digits, or `~` (the authorised user's account). */
const accountId = id.refine((value) => value === '~' || DIGITS.test(value), 'must be digits or ~');
/** A date an event can carry. */
const date = z
  .string()
  .min(1)
  .refine((text) => {
    const ms = Date.parse(text);
    return ms >= FIRST_INSTANT_MS && ms <= LAST_INSTANT_MS;
  }, 'must be a date in years 0000 to 9999');
const recordingSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(DIGITS)) });
/** A party's recordings: a bad one is dropped, never the call, and only the first few are kept. */
const recordingsSchema = z.array(z.unknown()).transform((entries) =>
  entries
    .flatMap((entry) => {
      const parsed = recordingSchema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    })
    .slice(0, MAX_RECORDINGS_PER_PARTY),
);

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
  id: z.string().min(1).max(128),
  accountId: accountId.optional(),
  extensionId: id.optional(),
  direction: z.enum(['Inbound', 'Outbound']).optional(),
  from: endpoint.optional(),
  to: endpoint.optional(),
  status: z.object({ code: z.string().min(1), reason: z.string().optional() }),
  // A recorded party lists its recordings (the `withRecordings` filter option); the audio is an account resource.
  recordings: recordingsSchema.optional(),
});
/** A party as a telephony session event reports it. */
export type Party = z.infer<typeof partySchema>;

/** The body of a telephony session event; kept as a call fragment. */
export const sessionSchema = z.object({
  sequence: z.number().int().optional(),
  accountId: accountId.optional(),
  // `call:<telephonySessionId>` is the call's event key, at most 200 characters.
  telephonySessionId: z.string().min(1).max(195),
  eventTime: date,
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
  attachments: z
    .array(z.object({ uri: z.string().min(1).max(2000), type: z.string().optional(), contentType: z.string().optional(), vmDuration: z.number().optional() }))
    .optional(),
  faxPageCount: z.number().int().nonnegative().optional(),
});
/** A message-store record (SMS, fax or voicemail). */
export type Message = z.infer<typeof messageSchema>;

/**
 * The body of a message-store event (guide/notifications/event-filters/message): what changed, by type, with the ids
 * of new messages but not the messages themselves.
 */
export const messageChangesSchema = z.object({
  extensionId: id.optional(),
  lastUpdated: z.string().optional(),
  changes: z.array(z.object({ type: z.string().min(1), newMessageIds: z.array(id).optional() })),
});

/** The fragment type of a message-store change (its new SMS ids, the extension and the direction its filter names). */
export const MESSAGE_STORE_CHANGE = 'message-store.change';

/** What a message-store change fragment keeps. */
export const changeFragmentSchema = z.object({
  ids: z.array(z.string().min(1)).min(1),
  extensionId: z.string().optional(),
  direction: z.enum(['Inbound', 'Outbound']).optional(),
});

// RingCentral spells voicemail `VoiceMail` in records and `Voicemail` in change lists: types are read case-insensitively.
const KINDS: Readonly<Record<string, EventKind>> = { sms: 'sms', fax: 'fax', voicemail: 'voicemail' };

/** Our kind of a message `type`, whichever way RingCentral capitalised it; undefined for pager and unknown types. */
export const messageKind = (type: string): EventKind | undefined => ownEntry(KINDS, type.toLowerCase());

// `messageStatus` of an outbound message once it has left; `Queued` and `Sending` are not final.
const OUTBOUND_STATUS: Readonly<Record<string, EventStatus>> = {
  Sent: 'sent',
  Delivered: 'delivered',
  DeliveryFailed: 'undelivered',
  SendingFailed: 'failed',
};

/** The status a message is logged with: received (inbound), or how far an outbound one got; undefined while in flight. */
export const messageStatus = (message: Pick<Message, 'direction' | 'messageStatus'>): EventStatus | undefined =>
  message.direction === 'Inbound' ? 'received' : ownEntry(OUTBOUND_STATUS, message.messageStatus ?? '');

/** Parses what the event filter promised, or says what is missing. */
export const read = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => readPayload('RingCentral', schema, value, what);

export const instant = instantOr;

/** Internal calls and messages name a bare extension number ("102") where a phone number would be. */
export const isExtension = (value: string): boolean => /^\d{1,6}$/.test(value);

/** The outside party: its number (absent when withheld) and the caller ID name RingCentral shows. */
export const externalParty = (phoneNumber: string | undefined, name: string | undefined, ctx: ParseContext): CanonicalEvent['external'] => {
  const raw = phoneNumber ?? 'anonymous';
  const e164 = phoneNumber && !isExtension(phoneNumber) ? toE164(phoneNumber, ctx.settings.defaultCountry) : undefined;
  return { raw, ...(e164 ? { e164 } : {}), ...(name ? { callerIdName: name } : {}) };
};

/** The firm's side: its number or bare extension, and the RingCentral extension id it belongs to. */
export const firmParty = (
  phoneNumber: string | undefined,
  extension: string | undefined,
  userRef: string | undefined,
  ctx: ParseContext,
): CanonicalEvent['firm'] => {
  const short = phoneNumber && isExtension(phoneNumber) ? phoneNumber : undefined;
  const e164 = phoneNumber && !short ? toE164(phoneNumber, ctx.settings.defaultCountry) : undefined;
  const ext = extension ?? short;
  return { ...(e164 ? { e164 } : {}), ...(ext ? { extension: ext } : {}), ...(userRef ? { userRef } : {}) };
};

/** The fields every RingCentral canonical event shares. */
export const base = (ctx: ParseContext) => baseEvent('ringcentral', ctx);
