import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { settleUntil } from '../kit.js';
import { historyLegs, legacyLegs, type Leg, type Party } from './zoom.legs.js';
import { base, callHistorySchema, callLogSchema, externalParty, firmParty, instant, mediaOf, recordingsSchema, voicemailSchema, type Recording, type Voicemail } from './zoom.payload.js';
import { ANSWERED_RESULTS, isKnown, OUTSIDE_NUMBERS, PERSON_EXTENSIONS, TAKEN_BY_OTHER, unknownValues } from './zoom.values.js';

/** The callbacks that are fragments of a call (docs/providers/zoom.md), by what they tell. */
export const ZoomFragment = {
  History: new Set(['phone.callee_call_history_completed', 'phone.caller_call_history_completed', 'phone.callee_call_element_completed', 'phone.caller_call_element_completed']),
  Legacy: new Set(['phone.callee_call_log_completed', 'phone.caller_call_log_completed']),
  Voicemail: 'phone.voicemail_received',
  Recording: 'phone.recording_completed',
} as const;

/** The call a fragment belongs to, stored beside the payload: Zoom's `call_id`, without a transfer's `_n` suffix. */
export const CALL_KEY = 'call_key';

/** The call a Zoom `call_id` belongs to: a direct transfer adds `_1`, `_2` to the call's id (docs/providers/zoom.md). */
export const callKeyOf = (callId: string): string => callId.replace(/_\d+$/, '');

interface Pieces {
  readonly legs: readonly Leg[];
  readonly voicemails: readonly { readonly at: string; readonly voicemail: Voicemail }[];
  readonly recordings: readonly { readonly at: string; readonly recording: Recording }[];
}

const opening = (leg: Leg): number => Number(leg.event === 'incoming' || leg.event === 'outgoing');
const byStart = (a: Leg, b: Leg): number => Date.parse(a.start) - Date.parse(b.start) || opening(b) - opening(a) || a.key.localeCompare(b.key);

/** Each callback once, as legs (each leg once however many views told it), voicemails and recordings. */
const piecesOf = (fragments: readonly CallFragment[]): Pieces => {
  const callbacks = [...new Map(fragments.map((f) => [f.eventKey, f])).values()].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventKey.localeCompare(b.eventKey));
  const legsOf = (types: ReadonlySet<string>, read: (f: CallFragment) => Leg[]): Leg[] => callbacks.filter((f) => types.has(f.type)).flatMap(read);
  const history = legsOf(ZoomFragment.History, (f) => {
    const view = callHistorySchema.safeParse(f.data);
    return view.success ? historyLegs(view.data, f.type.includes('caller')) : [];
  });
  // A firm subscribed to both generations gets each view twice: the call history, which names every leg, wins.
  const legs = history.length > 0 ? history : legsOf(ZoomFragment.Legacy, (f) => {
    const view = callLogSchema.safeParse(f.data);
    return view.success ? legacyLegs(view.data, f.type.includes('caller')) : [];
  });
  const voicemails = callbacks.filter((f) => f.type === ZoomFragment.Voicemail).flatMap((f) => {
    const voicemail = voicemailSchema.safeParse(f.data);
    return voicemail.success ? [{ at: f.occurredAt, voicemail: voicemail.data }] : [];
  });
  const recordings = callbacks.filter((f) => f.type === ZoomFragment.Recording).flatMap((f) => recordingsSchema.safeParse(f.data).data?.recordings.map((recording) => ({ at: f.occurredAt, recording })) ?? []);
  return {
    legs: [...new Map(legs.map((leg) => [leg.key, leg])).values()].sort(byStart),
    voicemails: [...new Map(voicemails.map((v) => [v.voicemail.id, v])).values()],
    recordings: [...new Map(recordings.map((r) => [r.recording.id, r])).values()],
  };
};

const directionOf = (leg: Leg): Direction => (leg.connectType === 'internal' ? 'internal' : leg.direction === 'outbound' || leg.event === 'outgoing' ? 'outbound' : 'inbound');

/** A person at the firm took this leg: a user's phone, or an outside phone the firm forwarded to; never a queue or auto receptionist. */
const personAnswered = (leg: Leg, direction: Direction): boolean => {
  // A result Zoom has newly added says nothing we know, but talk time on the leg does (docs/providers/README.md).
  const took = ANSWERED_RESULTS.has(leg.result) || (!isKnown('result', leg.result) && (leg.talk ?? 0) > 0);
  if (!took || (leg.reason !== undefined && TAKEN_BY_OTHER.has(leg.reason))) return false;
  if (direction === 'outbound') return true;
  const { extType, numberType, userRef } = leg.callee;
  if (extType !== undefined && extType !== '' && extType !== 'external_contact') return PERSON_EXTENSIONS.has(extType);
  return leg.event === 'forward' || (numberType !== undefined && OUTSIDE_NUMBERS.has(numberType)) || userRef !== undefined;
};

/** Who at the firm a leg stands for: the user on its firm side, or the user whose phone forwarded it. */
const firmPersonOf = (leg: Leg, direction: Direction): Party => {
  if (direction === 'outbound') return leg.caller.userRef ? leg.caller : { ...leg.viewUser, number: leg.caller.number };
  const { extType } = leg.callee;
  return extType !== undefined && PERSON_EXTENSIONS.has(extType) ? leg.callee : leg.viewUser;
};

const seconds = (from: string | undefined, to: string | undefined): number | undefined => {
  const span = from && to ? Date.parse(to) - Date.parse(from) : Number.NaN;
  return Number.isNaN(span) ? undefined : Math.max(0, Math.round(span / 1000));
};

/** An outgoing call nobody took, by Zoom's result of it. */
const unansweredStatus = (result: string): EventStatus => {
  switch (result) {
    case 'busy': return 'busy';
    case 'rejected': return 'rejected';
    case 'canceled':
    case 'hang_up': return 'canceled';
    case 'call_failed':
    case 'unconnected':
    case 'system_blocked':
    case 'service_unavailable':
    case 'invalid_key':
    case 'invalid_operation': return 'failed';
    default: return 'no_answer';
  }
};

const recordingOf = (url: string, duration: number | undefined): CanonicalEvent['recording'] | undefined => {
  const [media] = mediaOf([url]);
  return media ? { url: media.url, ...(duration === undefined ? {} : { durationSeconds: Math.round(duration) }) } : undefined;
};

/** The call as its legs tell it: who called whom, whether a person took it, for how long, and who. */
const callOfLegs = (legs: readonly Leg[], voicemail: Voicemail | undefined, ctx: ParseContext) => {
  const [primary] = legs as [Leg, ...Leg[]];
  const direction = directionOf(primary);
  const people = legs.filter((leg) => personAnswered(leg, direction) && (direction !== 'outbound' || directionOf(leg) === 'outbound'));
  const answered = people.length > 0;
  const talk = people.reduce((sum, leg) => sum + (leg.talk ?? seconds(leg.answer, leg.end) ?? 0), 0);
  const rung = [...new Map(legs.filter((leg) => direction !== 'outbound' && PERSON_EXTENSIONS.has(leg.callee.extType ?? '')).map((leg) => [leg.callee.userRef, leg.callee])).values()];
  const [one] = rung.length === 1 ? rung : [];
  const mailbox: Party | undefined = voicemail?.callee_user_id ? { userRef: voicemail.callee_user_id } : undefined;
  const person = people[0] ? firmPersonOf(people[0], direction) : direction === 'outbound' ? firmPersonOf(primary, direction) : (one ?? mailbox);
  const leftMessage = direction !== 'outbound' && !answered && (voicemail !== undefined || legs.some((leg) => leg.voicemail));
  const [external, firm] = direction === 'inbound' ? [primary.caller, primary.callee] : [primary.callee, primary.caller];
  const unrecognised = unknownValues(legs.flatMap((leg) => (leg.element ? [leg.element] : [])), (field, element) =>
    (field === 'direction' && element === primary.element && primary.connectType !== 'internal')
    || (!answered && (field === 'result' || (field === 'callee_ext_type' && ANSWERED_RESULTS.has(element.result)))));
  const outgoing = legs.filter((leg) => directionOf(leg) === 'outbound').at(-1) ?? primary;
  const ends = legs.map((leg) => leg.end).filter((end): end is string => !!end && !Number.isNaN(Date.parse(end))).sort();
  return {
    direction, answered, talk, leftMessage, unrecognised,
    status: answered ? 'completed' as const : direction === 'outbound' ? unansweredStatus(outgoing.result) : 'missed' as const,
    external: externalParty(external.number, direction === 'inbound' && !primary.hidden ? external.name : undefined, ctx),
    firm: firmParty(firm.number, person?.extension, person?.userRef, ctx),
    startedAt: instant(primary.start, ctx.receivedAt),
    endedAt: instant(ends.at(-1) ?? voicemail?.date_time ?? primary.start, ctx.receivedAt),
  };
};

/** A voicemail nobody's call history described yet: the caller, the mailbox, the message. */
const callOfVoicemail = (voicemail: Voicemail, ctx: ParseContext) => {
  const at = instant(voicemail.date_time, ctx.receivedAt);
  return {
    direction: 'inbound' as const, answered: false, talk: 0, leftMessage: true, unrecognised: [], status: 'missed' as const,
    external: externalParty(voicemail.caller_did_number || voicemail.caller_number, voicemail.caller_name, ctx),
    firm: firmParty(voicemail.callee_did_number || voicemail.callee_number, undefined, voicemail.callee_user_id, ctx),
    startedAt: at, endedAt: at,
  };
};

/**
 * The events one Zoom call's callbacks add up to (docs/providers/zoom.md): every user's call history of the call
 * (`call_id`), its voicemail and recordings become one log `call:<call_id>`: answered when a person took a leg (not
 * the auto receptionist or call queue), with the talk time of those legs; a voicemail when nobody did and a message
 * was left; missed otherwise. The call settles before it is logged, and recordings that come later amend it.
 */
export const assembleZoomCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const { legs, voicemails, recordings } = piecesOf(fragments);
  const message = voicemails[0]?.voicemail;
  const key = fragments.map((f) => f.data[CALL_KEY]).find((value): value is string => typeof value === 'string' && value !== '');
  if (!key || (legs.length === 0 && !message)) return [];
  const call = legs.length > 0 ? callOfLegs(legs, message, ctx) : callOfVoicemail(message as Voicemail, ctx);
  const voicemailRecording = call.leftMessage && message ? recordingOf(message.download_url, message.duration) : undefined;
  const [firstRecording] = recordings.map(({ recording }) => recordingOf(recording.download_url, recording.duration)).filter((r) => r !== undefined);
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `call:${key}`,
    providerResourceId: key,
    kind: call.leftMessage ? 'voicemail' : 'call',
    direction: call.direction,
    external: call.external,
    firm: call.firm,
    occurredAt: call.endedAt,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    status: call.leftMessage ? 'voicemail' : call.status,
    ...(call.answered ? { durationSeconds: call.talk } : {}),
    ...(call.leftMessage && message?.duration !== undefined ? { durationSeconds: Math.round(message.duration) } : {}),
    ...(call.leftMessage ? (voicemailRecording ? { recording: voicemailRecording } : {}) : firstRecording ? { recording: firstRecording } : {}),
    media: [],
    ...(call.unrecognised.length > 0 ? { unrecognised: call.unrecognised } : {}),
    assembly: { callKey: key, settleUntil: settleUntil(ctx) },
  };
  const { assembly: _settled, ...logged } = event;
  // A recording or voicemail that comes after the call was logged is added to it; one the log already has adds nothing.
  const late = [
    ...voicemails.map(({ at, voicemail }) => ({ at, id: `voicemail:${voicemail.id}`, recording: recordingOf(voicemail.download_url, voicemail.duration) })),
    ...recordings.map(({ at, recording }) => ({ at, id: `recording:${recording.id}`, recording: recordingOf(recording.download_url, recording.duration) })),
  ];
  const amendments = late.flatMap(({ at, id, recording }): CanonicalEvent[] => (recording ? [{ ...logged, providerEventId: id, occurredAt: at, recording, amends: event.providerEventId }] : []));
  return [event, ...amendments];
};
