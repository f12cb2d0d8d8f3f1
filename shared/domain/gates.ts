import type { CanonicalEvent, EventStatus } from './canonical-event.js';
import type { SkipReason } from './outcome.js';
import { toE164 } from './phone.js';
import type { Settings } from './settings.js';

const MISSED_STATUSES: ReadonlySet<EventStatus> = new Set(['missed', 'no_answer', 'busy']);

/** Whether a call ended without a conversation (logged as "Missed call ..." when `logMissedCalls` is on). */
export const isMissedCall = (event: Pick<CanonicalEvent, 'kind' | 'status'>): boolean => event.kind === 'call' && MISSED_STATUSES.has(event.status);

const kindEnabled = (kind: CanonicalEvent['kind'], settings: Settings): boolean => {
  switch (kind) {
    case 'call':
    case 'voicemail':
      return settings.callLogging;
    case 'sms':
      return settings.smsLogging;
    case 'fax':
      return settings.faxLogging;
  }
};

/**
 * Step 1 of the pipeline: the reasons an event is not logged at all, before Clio is asked anything.
 * `e164` is the external number already normalised with the tenant's default country.
 */
export const skipBeforeClio = (event: CanonicalEvent, settings: Settings, e164: string | undefined): SkipReason | undefined => {
  if (event.skip) return event.skip.reason;
  if (event.unrecognised?.some((value) => value.decisive)) return 'unrecognised_value';
  if (!kindEnabled(event.kind, settings)) return `logging_disabled:${event.kind}`;
  if (event.direction === 'internal' && !settings.logInternalCalls) return 'internal_call';
  if (isMissedCall(event) && !settings.logMissedCalls) return 'missed_call';
  if (e164 !== undefined && settings.blockedNumbers.some((n) => toE164(n, settings.defaultCountry) === e164)) {
    return 'blocked_number';
  }
  return undefined;
};

/** Step 5: with Exclusive Contact Association on, an event without a contact is not logged. */
export const exclusiveGate = (settings: Settings, hasContact: boolean): SkipReason | undefined =>
  settings.exclusiveContactAssociation && !hasContact ? 'no_contact_exclusive' : undefined;
