import * as z from 'zod';
import { LIMITS, truncated } from './bounds.js';

/** Phone systems we accept callbacks from; `generic` is our own signed JSON route. */
export const PROVIDERS = ['twilio', 'telnyx', 'ringcentral', 'zoom', 'dialpad', 'vonage', 'generic'] as const;
export const providerSchema = z.enum(PROVIDERS);
export type Provider = z.infer<typeof providerSchema>;

export const eventKindSchema = z.enum(['call', 'sms', 'fax', 'voicemail']);
export type EventKind = z.infer<typeof eventKindSchema>;

export const directionSchema = z.enum(['inbound', 'outbound', 'internal']);
export type Direction = z.infer<typeof directionSchema>;

export const eventStatusSchema = z.enum([
  'completed',
  'missed',
  'no_answer',
  'busy',
  'rejected',
  'failed',
  'canceled',
  'voicemail',
  'received',
  'sent',
  'delivered',
  'undelivered',
]);
export type EventStatus = z.infer<typeof eventStatusSchema>;

const e164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be E.164');
const instant = z.iso.datetime({ offset: true });
/** Free text is cut to its bound with a visible marker, never refused: the event it belongs to is still logged. */
const cut = (max: number) => z.string().transform((value) => truncated(value, max));
const id = z.string().min(1).max(200);
const link = z.url().max(2048);

/**
 * One event per provider callback that matters (docs/product.md#canonical-event). Only terminal events are queued;
 * media is referenced by URL, never inlined.
 */
export const canonicalEventSchema = z.object({
  schemaVersion: z.literal(1),
  tenantId: z.string().min(1).max(64),
  provider: providerSchema,
  /** The provider's dedup key for this callback (docs/product.md#event-keys). */
  providerEventId: id,
  /** CallSid, call_session_id, fax_id, message id... */
  providerResourceId: id,
  kind: eventKindSchema,
  direction: directionSchema,
  external: z.object({
    /** Absent when the caller ID is anonymous or does not parse. */
    e164: e164.optional(),
    raw: cut(LIMITS.label),
    callerIdName: cut(LIMITS.label).optional(),
    lineType: z.enum(['mobile', 'landline', 'voip']).optional(),
  }),
  firm: z.object({
    e164: e164.optional(),
    extension: cut(LIMITS.label).optional(),
    userRef: cut(LIMITS.label).optional(),
  }),
  occurredAt: instant,
  startedAt: instant.optional(),
  endedAt: instant.optional(),
  durationSeconds: z.number().int().nonnegative().optional(),
  status: eventStatusSchema,
  text: cut(LIMITS.text).optional(),
  media: z.array(z.object({ url: link, contentType: z.string().max(128).optional() })).max(10),
  recording: z.object({ url: link, durationSeconds: z.number().int().nonnegative().optional() }).optional(),
  transcript: cut(LIMITS.transcript).optional(),
  pageCount: z.number().int().nonnegative().optional(),
  correlationId: z.string().min(1).max(200),
  /**
   * The provider event key of an earlier event this one completes (a recording or transcript that arrives
   * after the call was logged): the processor updates that event's Communication instead of writing another.
   */
  amends: id.optional(),
  /**
   * Set on a call assembled from several callbacks (legs, Dial results, recordings): the processor assembles it
   * again from every callback stored by then, after `settleUntil` when the callbacks that decide it may still be on
   * their way (docs/calls.md).
   */
  assembly: z.object({ callKey: z.string().min(1).max(200), settleUntil: instant.optional() }).optional(),
  /** The provider account the event belongs to (Twilio's AccountSid), to read what the callback left out. */
  providerAccount: z.string().min(1).max(64).optional(),
  /**
   * Values the provider sent that we do not know (an enumeration it has grown): the event is kept, never refused,
   * and the processor traces them. A `decisive` one leaves the event unloggable: a skipped outcome saying so
   * (docs/providers/README.md).
   */
  /**
   * The provider's own reason this event is not to be logged, though it is kept and has an outcome: a call session
   * whose voicemail or fax message is the log (`logged_by_its_message`); a message known only by its id until the
   * processor reads it from the provider (`message_unreadable`, dropped once it is read).
   */
  skip: z.object({ reason: z.enum(['logged_by_its_message', 'message_unreadable']), why: cut(LIMITS.label) }).optional(),
  unrecognised: z
    .array(z.object({ field: z.string().min(1).max(100), value: cut(LIMITS.label), decisive: z.boolean().optional() }))
    .max(10)
    .optional(),
});

export type CanonicalEvent = z.infer<typeof canonicalEventSchema>;

/** Our id for an event: unique per tenant, stable across provider retries. */
export const eventIdOf = (event: Pick<CanonicalEvent, 'provider' | 'providerEventId'>): string => `${event.provider}:${event.providerEventId}`;
