import type { CanonicalEvent, EventStatus } from '../../../domain/canonical-event.js';
import type { Leg } from './zoom.legs.js';
import type { CallElement } from './zoom.payload.js';

/**
 * The values Zoom documents for a call element's enumerations (developers.zoom.us/docs/api/phone/events,
 * `phone.callee_call_history_completed`). Zoom adds to them: a value not listed here is kept and traced
 * (docs/providers/zoom.md), never refused.
 */
const EXTENSION_TYPES = [
  'user',
  'call_queue',
  'auto_receptionist',
  'common_area',
  'zoom_room',
  'cisco_room',
  'shared_line_group',
  'group_call_pickup',
  'external_contact',
];
const NUMBER_TYPES = [
  'zoom_pstn',
  'zoom_toll_free_number',
  'external_pstn',
  'external_contact',
  'byoc',
  'byop',
  '3rd_party_contact_center',
  'zoom_service_number',
  'external_service_number',
  'zoom_contact_center',
  'meeting_phone_number',
  'meeting_id',
  'anonymous_number',
  'zra_phone_number',
  'zoom_revenue_accelerator',
];
const KNOWN_VALUES = {
  connect_type: new Set(['internal', 'external']),
  direction: new Set(['inbound', 'outbound']),
  event: new Set([
    'incoming',
    'transfer_from_zoom_contact_center',
    'shared_line_incoming',
    'outgoing',
    'call_me_on',
    'outgoing_to_zoom_contact_center',
    'warm_transfer',
    'forward',
    'ring_to_member',
    'overflow',
    'direct_transfer',
    'barge',
    'monitor',
    'whisper',
    'listen',
    'takeover',
    'conference_barge',
    'park',
    'timeout',
    'park_pick_up',
    'merge',
    'shared',
  ]),
  result: new Set([
    'answered',
    'accepted',
    'picked_up',
    'connected',
    'succeeded',
    'voicemail',
    'hang_up',
    'canceled',
    'call_failed',
    'unconnected',
    'rejected',
    'busy',
    'ring_timeout',
    'overflowed',
    'no_answer',
    'invalid_key',
    'invalid_operation',
    'abandoned',
    'system_blocked',
    'service_unavailable',
  ]),
  caller_ext_type: new Set(EXTENSION_TYPES),
  callee_ext_type: new Set(EXTENSION_TYPES),
  caller_number_type: new Set(NUMBER_TYPES),
  callee_number_type: new Set(NUMBER_TYPES),
} as const satisfies Partial<Record<keyof CallElement, ReadonlySet<string>>>;
export type EnumeratedField = keyof typeof KNOWN_VALUES;

/** Results that say the leg's party took the call. */
export const ANSWERED_RESULTS: ReadonlySet<string> = new Set(['answered', 'accepted', 'picked_up', 'connected', 'succeeded']);
/** A member's leg that rang while someone else took the call. */
export const TAKEN_BY_OTHER: ReadonlySet<string> = new Set(['answered_by_other', 'pickup_by_other', 'call_out_by_other']);
/** Extensions a person answers; the others (auto receptionist, call queue, shared line and pickup groups) are the firm's call flow. */
export const PERSON_EXTENSIONS: ReadonlySet<string> = new Set(['user', 'common_area', 'zoom_room', 'cisco_room']);
/** Extensions that ring their members: when one says it was answered, its talk time is the answering member's. */
export const MEMBER_GROUPS: ReadonlySet<string> = new Set(['call_queue', 'shared_line_group', 'group_call_pickup']);
/** Numbers outside Zoom: on the firm's side of a leg, a phone the firm forwarded to (a lawyer's cell). */
export const OUTSIDE_NUMBERS: ReadonlySet<string> = new Set(['external_pstn', 'external_contact', 'external_service_number']);

/** Whether Zoom documents `value` for `field` (an absent value is no news). */
export const isKnown = (field: EnumeratedField, value: string | undefined): boolean => value === undefined || value === '' || KNOWN_VALUES[field].has(value);

/** An outgoing call nobody took, by Zoom's result of it. */
export const unansweredStatus = (result: string): EventStatus => {
  switch (result) {
    case 'busy':
      return 'busy';
    case 'rejected':
      return 'rejected';
    case 'canceled':
    case 'hang_up':
      return 'canceled';
    case 'call_failed':
    case 'unconnected':
    case 'system_blocked':
    case 'service_unavailable':
    case 'invalid_key':
    case 'invalid_operation':
      return 'failed';
    default:
      return 'no_answer';
  }
};

type Unrecognised = NonNullable<CanonicalEvent['unrecognised']>[number];

/** The unknown values of the call's legs, each once, named by the list Zoom sent them in, as the canonical event traces them. */
export const unknownValues = (legs: readonly Leg[], decisive: (field: EnumeratedField, leg: Leg) => boolean): Unrecognised[] => {
  const found = new Map<string, Unrecognised>();
  for (const leg of legs) {
    for (const field of Object.keys(KNOWN_VALUES) as EnumeratedField[]) {
      const value = leg.element[field];
      if (value === undefined || isKnown(field, value)) continue;
      const key = `${field}\u0000${value}`;
      const previous = found.get(key);
      const deciding = decisive(field, leg) || previous?.decisive === true;
      found.set(key, { field: previous?.field ?? `${leg.list}.${field}`, value, ...(deciding ? { decisive: true } : {}) });
    }
  }
  return [...found.values()].slice(0, 10);
};
