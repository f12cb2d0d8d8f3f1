import type { CallElement, CallHistory } from './zoom.payload.js';

/** One side of a leg: a number, a name, and, for the firm's own extensions, who they are. */
export interface Party {
  readonly number?: string | undefined;
  readonly name?: string | undefined;
  readonly extension?: string | undefined;
  /** The extension's id, which the extension that forwarded a leg (`operator_ext_id`) is named by. */
  readonly extId?: string | undefined;
  readonly userRef?: string | undefined;
  readonly extType?: string | undefined;
  readonly numberType?: string | undefined;
}

/** Where a user's view lists its legs: the call history events' `call_logs`, the call element events' `call_elements`. */
export type LegList = 'call_logs' | 'call_elements';

/** One leg of a call, as one user's call history reports it. */
export interface Leg {
  /** The same leg told by several users' views, or by both event generations, has one key. */
  readonly key: string;
  /** The element as Zoom sent it, for its enumerations, and the list it came in, to name them. */
  readonly element: CallElement;
  readonly list: LegList;
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
  /** The extension that sent the call on to this leg (a user's call handling, a queue, an auto receptionist). */
  readonly operator: Pick<Party, 'extension' | 'extId' | 'extType'>;
  readonly talk?: number | undefined;
  readonly voicemail: boolean;
  readonly hidden: boolean;
  /** The user whose call history told it: the firm's person on an outgoing leg whose caller names nobody. */
  readonly viewUser: Party;
}

const side = (e: CallElement, who: 'caller' | 'callee'): Party => ({
  number: e[`${who}_did_number`] || e[`${who}_ext_number`],
  name: e[`${who}_name`] || undefined,
  extension: e[`${who}_ext_number`] || undefined,
  extId: e[`${who}_ext_id`] || undefined,
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
export const historyLegs = (view: CallHistory, caller: boolean, list: LegList): Leg[] => {
  const own = view.call_logs.find((e) => e[caller ? 'caller_ext_type' : 'callee_ext_type'] === 'user');
  const viewUser: Party = own ? side(own, caller ? 'caller' : 'callee') : { userRef: view.user_id };
  return view.call_logs.map((e): Leg => {
    const [from, to] = [side(e, 'caller'), side(e, 'callee')];
    return {
      key: legKey(Date.parse(e.start_time).toString(), from, to),
      element: e,
      list,
      connectType: e.connect_type,
      direction: e.direction,
      event: e.event,
      result: e.result,
      reason: e.result_reason,
      start: e.start_time,
      answer: e.answer_time || undefined,
      end: e.end_time || undefined,
      caller: from,
      callee: to,
      operator: { extension: e.operator_ext_number || undefined, extId: e.operator_ext_id || undefined, extType: e.operator_ext_type || undefined },
      // Zoom may report fractions of a second; the log's duration is whole seconds.
      talk: e.talk_time === undefined ? undefined : Math.round(e.talk_time),
      voicemail: e.result === 'voicemail' || !!e.voicemail_id,
      hidden: e.hide_caller_id === true,
      viewUser,
    };
  });
};
