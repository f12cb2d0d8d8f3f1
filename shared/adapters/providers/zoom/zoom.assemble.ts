import type { CanonicalEvent, Direction } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { settleUntil } from '../kit.js';
import { historyLegs, type Leg, type Party } from './zoom.legs.js';
import {
  base,
  callHistorySchema,
  externalParty,
  firmParty,
  instant,
  mediaOf,
  msOf,
  recordingsSchema,
  voicemailSchema,
  zoomId,
  type Recording,
  type Voicemail,
} from './zoom.payload.js';
import {
  ANSWERED_RESULTS,
  isKnown,
  MEMBER_GROUPS,
  OUTSIDE_NUMBERS,
  PERSON_EXTENSIONS,
  TAKEN_BY_OTHER,
  unansweredStatus,
  unknownValues,
  type EnumeratedField,
} from './zoom.values.js';

/** The callbacks that are fragments of a call (docs/providers/zoom.md), by what they tell. */
export const ZoomFragment = {
  History: new Set([
    'phone.callee_call_history_completed',
    'phone.caller_call_history_completed',
    'phone.callee_call_element_completed',
    'phone.caller_call_element_completed',
  ]),
  Voicemail: 'phone.voicemail_received',
  Recording: 'phone.recording_completed',
} as const;

/** The call a fragment belongs to, stored beside the payload: Zoom's `call_id`, without a transfer's `_n` suffix. */
export const CALL_KEY = 'call_key';

/** The call a Zoom `call_id` belongs to: a direct transfer adds `_1`, `_2` to the call's id (docs/providers/zoom.md). */
export const callKeyOf = (callId: string): string => callId.replace(/_\d+$/, '');

/**
 * Zoom sends each user's view of a call on its own, and the view of the member who answered may trail a view that
 * only says someone else did by more than one settle time. Such a call waits this many settle times (2 minutes at
 * the default 20 s) for it: bounded, so a view that never comes delays the log by minutes, and scaled with the
 * settle time, which says how late a deployment expects a call's callbacks.
 */
const AWAITING_ANSWERER_SETTLES = 6;

interface Pieces {
  readonly legs: readonly Leg[];
  readonly voicemails: readonly { readonly at: string; readonly voicemail: Voicemail }[];
  readonly recordings: readonly { readonly at: string; readonly recording: Recording }[];
}

const opening = (leg: Leg): number => Number(leg.event === 'incoming' || leg.event === 'outgoing');
const byStart = (a: Leg, b: Leg): number => Date.parse(a.start) - Date.parse(b.start) || opening(b) - opening(a) || a.key.localeCompare(b.key);

/** Each callback once, as legs (each leg once however many views told it), voicemails and recordings. */
const piecesOf = (fragments: readonly CallFragment[]): Pieces => {
  const callbacks = [...new Map(fragments.map((f) => [f.eventKey, f])).values()].sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventKey.localeCompare(b.eventKey),
  );
  const legs = callbacks
    .filter((f) => ZoomFragment.History.has(f.type))
    .flatMap((f) => {
      const view = callHistorySchema.safeParse(f.data);
      return view.success ? historyLegs(view.data, f.type.includes('caller'), f.type.includes('call_element') ? 'call_elements' : 'call_logs') : [];
    });
  const voicemails = callbacks
    .filter((f) => f.type === ZoomFragment.Voicemail)
    .flatMap((f) => {
      const voicemail = voicemailSchema.safeParse(f.data);
      return voicemail.success ? [{ at: f.occurredAt, voicemail: voicemail.data }] : [];
    });
  const recordings = callbacks
    .filter((f) => f.type === ZoomFragment.Recording)
    .flatMap((f) => recordingsSchema.safeParse(f.data).data?.recordings.map((recording) => ({ at: f.occurredAt, recording })) ?? []);
  return {
    legs: [...new Map(legs.map((leg) => [leg.key, leg])).values()].sort(byStart),
    voicemails: [...new Map(voicemails.map((v) => [v.voicemail.id, v])).values()],
    recordings: [...new Map(recordings.map((r) => [r.recording.id, r])).values()],
  };
};

const directionOf = (leg: Leg): Direction =>
  leg.connectType === 'internal' ? 'internal' : leg.direction === 'outbound' || leg.event === 'outgoing' ? 'outbound' : 'inbound';

/** The leg's party took the call: a result that says so, or one Zoom has newly added on a leg with talk time (docs/providers/README.md). */
const tookIt = (leg: Leg): boolean => ANSWERED_RESULTS.has(leg.result) || (!isKnown('result', leg.result) && (leg.talk ?? 0) > 0);

/** A member's leg that rang while another member took the call. */
const takenByOther = (leg: Leg): boolean => leg.reason !== undefined && TAKEN_BY_OTHER.has(leg.reason);

/** A person at the firm took this leg: a user's phone, or an outside phone the firm forwarded to; never a queue or auto receptionist. */
const personAnswered = (leg: Leg, direction: Direction): boolean => {
  if (!tookIt(leg) || takenByOther(leg)) return false;
  if (direction === 'outbound') return directionOf(leg) === 'outbound';
  const { extType, numberType, userRef } = leg.callee;
  if (extType !== undefined && extType !== '' && extType !== 'external_contact') return PERSON_EXTENSIONS.has(extType);
  return leg.event === 'forward' || (numberType !== undefined && OUTSIDE_NUMBERS.has(numberType)) || userRef !== undefined;
};

/** Whether a value we do not know decides the call: the leg would be a person's answer were the value one we know says so. */
const wouldAnswer = (field: EnumeratedField, leg: Leg, direction: Direction): boolean =>
  (field === 'result' && personAnswered({ ...leg, result: 'answered' }, direction)) ||
  (field === 'callee_ext_type' && personAnswered({ ...leg, callee: { ...leg.callee, extType: 'user' } }, direction));

/** The user whose phone sent a leg on (`operator_ext_id` / `operator_ext_number`); nobody when a queue or auto receptionist did. */
const forwarderOf = ({ operator }: Leg, legs: readonly Leg[]): Party | undefined => {
  if (operator.extType !== undefined && !PERSON_EXTENSIONS.has(operator.extType)) return undefined;
  const sentIt = (party: Party): boolean =>
    (operator.extId !== undefined && party.extId === operator.extId) || (operator.extension !== undefined && party.extension === operator.extension);
  const own = legs.map((leg) => leg.callee).find((party) => PERSON_EXTENSIONS.has(party.extType ?? '') && sentIt(party));
  return own ?? (operator.extType === undefined ? undefined : { extension: operator.extension, userRef: operator.extId });
};

/** Who at the firm a leg stands for: the user on its firm side, or the user whose phone forwarded it. */
const firmPersonOf = (leg: Leg, legs: readonly Leg[], direction: Direction): Party | undefined => {
  if (direction === 'outbound') return leg.caller.userRef ? leg.caller : { ...leg.viewUser, number: leg.caller.number };
  const { extType, userRef } = leg.callee;
  if (extType !== undefined && PERSON_EXTENSIONS.has(extType)) return leg.callee;
  return forwarderOf(leg, legs) ?? (userRef ? leg.callee : undefined);
};

const seconds = (from: string | undefined, to: string | undefined): number | undefined => {
  const [start, end] = [msOf(from), msOf(to)];
  return start === undefined || end === undefined ? undefined : Math.max(0, Math.round((end - start) / 1000));
};

const talkOf = (legs: readonly Leg[]): number => legs.reduce((sum, leg) => sum + (leg.talk ?? seconds(leg.answer, leg.end) ?? 0), 0);

const recordingOf = (url: string, duration: number | undefined): CanonicalEvent['recording'] | undefined => {
  const [media] = mediaOf([url]);
  return media ? { url: media.url, ...(duration === undefined ? {} : { durationSeconds: Math.round(duration) }) } : undefined;
};

/** The leg end that is latest in time (not in text: Zoom's offsets vary), when any leg says when it ended. */
const lastEnd = (legs: readonly Leg[]): string | undefined =>
  legs.reduce<string | undefined>((latest, leg) => ((msOf(leg.end) ?? -1) > (msOf(latest) ?? -1) ? leg.end : latest), undefined);

/** The call as its legs tell it: who called whom, whether a person took it, for how long, and who. */
const callOfLegs = (legs: readonly Leg[], voicemail: Voicemail | undefined, ctx: ParseContext) => {
  const [primary] = legs as [Leg, ...Leg[]];
  const direction = directionOf(primary);
  const people = legs.filter((leg) => personAnswered(leg, direction));
  // A member's leg says another member answered, and no view that names who did has come (yet): still answered,
  // with the talk time of the queue or group that member answered for, and nobody named.
  const awaiting = people.length === 0 && legs.some(takenByOther);
  const answered = people.length > 0 || awaiting;
  const groupTalk = talkOf(legs.filter((leg) => MEMBER_GROUPS.has(leg.callee.extType ?? '') && tookIt(leg)));
  const talk = people.length > 0 ? talkOf(people) : groupTalk > 0 ? groupTalk : undefined;
  // A member rung while another answered is not who took the call.
  const rung = [
    ...new Map(
      legs
        .filter((leg) => direction !== 'outbound' && !takenByOther(leg) && PERSON_EXTENSIONS.has(leg.callee.extType ?? ''))
        .map((leg) => [leg.callee.userRef, leg.callee]),
    ).values(),
  ];
  const [one] = rung.length === 1 ? rung : [];
  const mailbox: Party | undefined = voicemail?.callee_user_id ? { userRef: voicemail.callee_user_id } : undefined;
  const person = people[0] ? firmPersonOf(people[0], legs, direction) : direction === 'outbound' ? firmPersonOf(primary, legs, direction) : (one ?? mailbox);
  const leftMessage = direction !== 'outbound' && !answered && (voicemail !== undefined || legs.some((leg) => leg.voicemail));
  const [external, firm] = direction === 'inbound' ? [primary.caller, primary.callee] : [primary.callee, primary.caller];
  const unrecognised = unknownValues(
    legs,
    (field, leg) => (field === 'direction' && leg === primary && primary.connectType !== 'internal') || (!answered && wouldAnswer(field, leg, direction)),
  );
  const outgoing = legs.filter((leg) => directionOf(leg) === 'outbound').at(-1) ?? primary;
  return {
    direction,
    answered,
    talk,
    leftMessage,
    unrecognised,
    awaiting,
    status: answered ? ('completed' as const) : direction === 'outbound' ? unansweredStatus(outgoing.result) : ('missed' as const),
    external: externalParty(external.number, direction === 'inbound' && !primary.hidden ? external.name : undefined, ctx),
    firm: firmParty(firm.number, person?.extension, person?.userRef, ctx),
    startedAt: instant(primary.start, ctx.receivedAt),
    endedAt: instant(lastEnd(legs) ?? voicemail?.date_time ?? primary.start, ctx.receivedAt),
  };
};

/** A voicemail nobody's call history described yet: the caller, the mailbox, the message. */
const callOfVoicemail = (voicemail: Voicemail, ctx: ParseContext) => {
  const at = instant(voicemail.date_time, ctx.receivedAt);
  return {
    direction: 'inbound' as const,
    answered: false,
    talk: undefined,
    leftMessage: true,
    unrecognised: [],
    awaiting: false,
    status: 'missed' as const,
    external: externalParty(voicemail.caller_did_number || voicemail.caller_number, voicemail.caller_name, ctx),
    firm: firmParty(voicemail.callee_did_number || voicemail.callee_number, undefined, voicemail.callee_user_id, ctx),
    startedAt: at,
    endedAt: at,
  };
};

/**
 * The events one Zoom call's callbacks add up to (docs/providers/zoom.md): every user's call history of the call
 * (`call_id`) and its voicemail become one log `call:<call_id>`: answered when a person took a leg (not the auto
 * receptionist or call queue), with the talk time of those legs; a voicemail when nobody did and a message was left;
 * missed otherwise. The call settles before it is logged; every voicemail and recording of the call also amends it,
 * the message the log carries too, so one that came after the call was logged is added to it.
 */
export const assembleZoomCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const { legs, voicemails, recordings } = piecesOf(fragments);
  const message = voicemails[0]?.voicemail;
  const key = fragments.map((f) => f.data[CALL_KEY]).find((value): value is string => zoomId.safeParse(value).success);
  if (!key || (legs.length === 0 && !message)) return [];
  const call = legs.length > 0 ? callOfLegs(legs, message, ctx) : callOfVoicemail(message as Voicemail, ctx);
  const voicemailRecording = call.leftMessage && message ? recordingOf(message.download_url, message.duration) : undefined;
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
    ...(call.answered && call.talk !== undefined ? { durationSeconds: call.talk } : {}),
    ...(call.leftMessage && message?.duration !== undefined ? { durationSeconds: Math.round(message.duration) } : {}),
    ...(voicemailRecording ? { recording: voicemailRecording } : {}),
    media: [],
    ...(call.unrecognised.length > 0 ? { unrecognised: call.unrecognised } : {}),
    assembly: { callKey: key, settleUntil: settleUntil(call.awaiting ? { ...ctx, settleSeconds: ctx.settleSeconds * AWAITING_ANSWERER_SETTLES } : ctx) },
  };
  const { assembly: _settled, ...logged } = event;
  // Every voicemail and recording is also an amendment: one that came after the call was logged is added to it, and
  // one the log already carries is neither fetched nor filed again (the processor looks first).
  const late = [
    ...voicemails.map(({ at, voicemail }) => ({ at, id: `voicemail:${voicemail.id}`, recording: recordingOf(voicemail.download_url, voicemail.duration) })),
    ...recordings.map(({ at, recording }) => ({ at, id: `recording:${recording.id}`, recording: recordingOf(recording.download_url, recording.duration) })),
  ];
  const amendments = late.flatMap(({ at, id, recording }): CanonicalEvent[] =>
    recording ? [{ ...logged, providerEventId: id, occurredAt: at, recording, amends: event.providerEventId }] : [],
  );
  return [event, ...amendments];
};
