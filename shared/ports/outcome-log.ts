import type { Outcome } from '../domain/outcome.js';

export interface OutcomeLog {
  get(tenantId: string, eventId: string): Promise<Outcome | undefined>;
  /** Records the outcome; never replaces a `logged` one (an event reaches Clio once). */
  record(outcome: Outcome): Promise<void>;
}
