import type { CallElement, CallHistory, CallLog, CallLogRecord } from './zoom.payload.js';

/** One side of a leg: a number, a name, and, for the firm's own extensions, who they are. */
export interface Party {
  readonly number?: string | undefined;
  readonly name?: string | undefined;
  readonly extension?: string | undefined;
  readonly userRef?: string | undefined;
  readonly extType?: string | undefined;
  readonly numberType?: string | undefined;
}

/** One leg of a call, as one user's call history (or the legacy call log) reports it. */
export interface Leg {
  /** The same leg told by several users' views, or by two event generations, has one key. */
  readonly key: string;
  /** The element as Zoom sent it (absent for a legacy call log record), for its enumerations. */
  readonly element?: CallElement;
  readonly connectType?: string | undefined;
  readonly direction?: string | undefined;
  readonly event?: string | undefined;
  readonly result: string;
  readonly reason?: string | undefined;
  readonly start: string;
  readonly answer?: string | undefined;
  readonly end?: string | undefined;
  readonly caller: Party;
  readonly callee: Party;
  readonly talk?: number | undefined;
  readonly voicemail: boolean;
  readonly hidden: boolean;
  /** The user whose call history told it: the firm's person on a leg forwarded to an outside number. */
  readonly viewUser: Party;
}

const side = (e: CallElement, who: 'caller' | 'callee'): Party => ({
  number: e[`${who}_did_number`] || e[`${who}_ext_number`],
  name: e[`${who}_name`] || undefined,
  extension: e[`${who}_ext_number`] || undefined,
  userRef: e[`${who}_email`] || e[`${who}_ext_id`] || undefined,
  extType: e[`${who}_ext_type`],
  numberType: e[`${who}_number_type`],
});

// Not the element's `event`: the caller's view of an internal call says `outgoing` where the callee's says `incoming`.
const legKey = (start: string, caller: Party, callee: Party): string =>
  [start, caller.userRef ?? caller.number ?? '', callee.userRef ?? callee.number ?? ''].join('|');

/**
 * The legs of one user's call history (`*_call_history_completed`, `*_call_element_completed`). `caller` says which
 * side of the call that user was on.
 */
export const historyLegs = (view: CallHistory, caller: boolean): Leg[] => {
  const own = view.call_logs.find((e) => e[caller ? 'caller_ext_type' : 'callee_ext_type'] === 'user');
  const viewUser: Party = own ? side(own, caller ? 'caller' : 'callee') : { userRef: view.user_id };
  return view.call_logs.map((e): Leg => {
    const [from, to] = [side(e, 'caller'), side(e, 'callee')];
    return {
      key: legKey(Date.parse(e.start_time).toString(), from, to), element: e,
      connectType: e.connect_type, direction: e.direction, event: e.event, result: e.result, reason: e.result_reason,
      start: e.start_time, answer: e.answer_time || undefined, end: e.end_time || undefined,
      caller: from, callee: to, talk: e.talk_time, voicemail: e.result === 'voicemail' || !!e.voicemail_id, hidden: e.hide_caller_id === true,
      viewUser: e.operator_ext_number && !own ? { ...viewUser, extension: e.operator_ext_number } : viewUser,
    };
  });
};

const snake = (value: string): string => value.trim().toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');
const LEGACY_ANSWERED = new Set(['call_connected', 'connected', 'answered', 'accepted', 'picked_up', 'succeeded', 'auto_recorded', 'recorded']);
const LEGACY_FAILED = new Set(['call_failed', 'failed', 'blocked', 'system_blocked', 'service_unavailable', 'invalid_key', 'invalid_operation']);

/** A legacy result ("Call connected", "No Answer", free text) as the call history names it. */
const legacyResult = (text: string): string => {
  const result = snake(text);
  if (LEGACY_ANSWERED.has(result)) return 'answered';
  if (result.includes('voicemail')) return 'voicemail';
  if (result === 'busy') return 'busy';
  if (result.startsWith('reject')) return 'rejected';
  if (result.includes('cancel')) return 'canceled';
  if (LEGACY_FAILED.has(result)) return 'call_failed';
  return result.includes('miss') || result.includes('no_answer') ? 'no_answer' : 'hang_up';
};

// Legacy number types: 1 is a Zoom extension (its DID, when it has one, is the number), 2 an outside number.
const legacySide = (number: string, type: number | undefined, did: string | undefined, name: string | undefined, userRef: string | undefined): Party =>
  type === 1
    ? { number: did ?? number, name, userRef, extType: 'user', ...(/^\d{1,6}$/.test(number) ? { extension: number } : {}) }
    : { number, name, ...(userRef ? { userRef, extType: 'user' } : {}) };

/** The legs of a legacy `*_call_log_completed` view: one record each, its user on the side the event names. */
export const legacyLegs = (view: CallLog, caller: boolean): Leg[] =>
  view.call_logs.map((log: CallLogRecord): Leg => {
    const internal = log.caller_number_type === 1 && log.callee_number_type === 1;
    const from = legacySide(log.caller_number, log.caller_number_type, log.caller_did_number, log.caller_name, log.caller_user_id ?? (caller ? view.user_id : undefined));
    const to = legacySide(log.callee_number, log.callee_number_type, log.callee_did_number, log.callee_name, log.callee_user_id ?? (caller ? undefined : view.user_id));
    const result = legacyResult(log.result);
    return {
      key: legKey(Date.parse(log.date_time).toString(), from, to),
      connectType: internal ? 'internal' : 'external', direction: log.direction ?? (caller ? 'outbound' : 'inbound'), result,
      start: log.date_time, answer: log.answer_start_time, end: log.call_end_time,
      caller: from, callee: to, talk: log.duration, voicemail: result === 'voicemail', hidden: false,
      viewUser: caller ? from : to,
    };
  });
