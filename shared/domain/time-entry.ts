import type { CanonicalEvent } from './canonical-event.js';
import type { Settings } from './settings.js';

/** A TimeEntry activity for a logged call, linked to its Communication. */
export interface TimeEntryDraft {
  /** ISO date (the day the call started). */
  readonly date: string;
  /** Seconds (Clio API ≥ 4.0.4). */
  readonly quantity: number;
  readonly note: string;
  readonly communicationId: number;
  readonly userId: number;
  readonly matterId?: number;
  readonly nonBillable: boolean;
}

export type TimeEntryPlan = { readonly decision: 'create'; readonly entry: TimeEntryDraft } | { readonly decision: 'off' | 'not_a_call' | 'too_short' };

/** Step 8, after the Communication: calls only (never SMS), at least `timeEntryMinSeconds` long. */
export const planTimeEntry = (
  event: CanonicalEvent,
  settings: Settings,
  written: { readonly communicationId: number; readonly userId: number; readonly matterId?: number; readonly subject: string },
): TimeEntryPlan => {
  if (!settings.timeEntries) return { decision: 'off' };
  if (event.kind !== 'call') return { decision: 'not_a_call' };
  const seconds = event.durationSeconds ?? 0;
  if (seconds < Math.max(1, settings.timeEntryMinSeconds)) return { decision: 'too_short' };
  return {
    decision: 'create',
    entry: {
      date: (event.startedAt ?? event.occurredAt).slice(0, 10),
      quantity: seconds,
      note: written.subject,
      communicationId: written.communicationId,
      userId: written.userId,
      nonBillable: !settings.timeEntriesBillable,
      ...(written.matterId === undefined ? {} : { matterId: written.matterId }),
    },
  };
};
