import type { CanonicalEvent, Direction, EventKind, Provider } from './canonical-event.js';

/** The skips a firm chose by its settings: the event's content is not needed again ({@link keptEvent}). */
const SKIPS_BY_SETTING = [
  'logging_disabled:call',
  'logging_disabled:voicemail',
  'logging_disabled:sms',
  'logging_disabled:fax',
  'internal_call',
  'missed_call',
  'blocked_number',
  'no_contact_exclusive',
] as const;

/** Every reason an event can be skipped for; the admin API and the dashboard use exactly these codes. */
export const SKIP_REASONS = [
  ...SKIPS_BY_SETTING,
  /** A call session whose voicemail or fax the provider reports as a message of its own: that message is the log. */
  'logged_by_its_message',
  /** A message known only by its id that could not be read from the provider (no connection, the provider down). */
  'message_unreadable',
  /** The provider sent a value we do not know where the log depends on it (an event type, a direction). */
  'unrecognised_value',
  /** A late recording or transcript whose call was not logged (skipped, failed), so there is nothing to complete. */
  'amended_event_not_logged',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Every status an outcome may have. */
export const OUTCOME_STATUSES = ['logged', 'skipped', 'failed', 'parked'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/** One decision of the pipeline, in order: what was looked at and what was decided. */
export interface TraceEntry {
  readonly step: string;
  readonly decision: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** The Clio records an event touched. */
export interface ClioIds {
  communicationId?: number;
  contactId?: number;
  createdContactId?: number;
  matterId?: number;
  activityId?: number;
  documentId?: number;
  userId?: number;
}

/** Exactly one per event: what happened to it and why. Carries the event itself so it can be replayed. */
export interface Outcome {
  readonly tenantId: string;
  readonly eventId: string;
  readonly provider: Provider;
  readonly kind: EventKind;
  readonly direction: Direction;
  readonly status: OutcomeStatus;
  /** A skip reason, or the error code of a failed / parked event. */
  readonly reason?: string;
  readonly message?: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly clio: ClioIds;
  /** The subject of what was written to Clio, for a logged event (its body, the message, stays in Clio). */
  readonly communication?: { readonly subject: string };
  readonly trace: readonly TraceEntry[];
  /** The event, for a replay; without its content once it is logged or a setting skipped it ({@link keptEvent}). */
  readonly event: CanonicalEvent;
}

const SKIPPED_BY_SETTING: ReadonlySet<string> = new Set<SkipReason>(SKIPS_BY_SETTING);

/**
 * What an outcome keeps of its event (SECURITY.md, "Data kept"): everything while it may still be replayed (failed,
 * parked, skipped for a reason a replay can change); once it is logged, or a setting of the firm's skipped it, its
 * content goes: message text, transcript, media and recording links. Who, when, what kind and how it ended stay,
 * for support.
 */
export const keptEvent = (event: CanonicalEvent, status: OutcomeStatus, reason: string | undefined): CanonicalEvent => {
  if (status !== 'logged' && !(status === 'skipped' && reason !== undefined && SKIPPED_BY_SETTING.has(reason))) return event;
  const { text: _text, transcript: _transcript, recording: _recording, ...kept } = event;
  return { ...kept, media: [] };
};

/** Collects the decision trace of one event as the pipeline runs. */
export class Trace {
  readonly #entries: TraceEntry[] = [];

  add(step: string, decision: string, detail?: Record<string, unknown>): void {
    this.#entries.push(detail === undefined ? { step, decision } : { step, decision, detail });
  }

  get entries(): readonly TraceEntry[] {
    return [...this.#entries];
  }
}
