import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { baseEvent, instantOr, settleUntil } from '../kit.js';
import { addressOf, externalParty, firmParty, voiceParamsSchema, type VoiceParams } from './twilio.params.js';

/** The kinds of voice fragment (docs/providers/twilio.md says which URL sends which). */
export const TwilioFragment = {
  /** A terminal status callback of the call (the parent leg) or of a leg it dialled (`ParentCallSid`). */
  LegStatus: 'leg.status',
  /** The `<Dial action>` request: what the dialled person did. */
  DialAction: 'dial.action',
  /** The `<Record action>` request: a message left after the call flow. */
  RecordAction: 'record.action',
  /** A recording status callback (`RecordingStatus=completed`). */
  RecordingStatus: 'recording.status',
} as const;

interface Piece {
  readonly key: string;
  readonly type: string;
  readonly at: string;
  readonly params: VoiceParams;
}

/** Each callback once (Twilio retries), in the order it happened. */
const piecesOf = (fragments: readonly CallFragment[]): Piece[] => {
  const byKey = new Map<string, Piece>();
  for (const fragment of fragments) {
    const params = voiceParamsSchema.safeParse(fragment.data);
    if (params.success && !byKey.has(fragment.eventKey))
      byKey.set(fragment.eventKey, { key: fragment.eventKey, type: fragment.type, at: fragment.occurredAt, params: params.data });
  }
  return [...byKey.values()].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
};

const secondsOf = (value: string | undefined): number => Math.max(0, Number(value ?? 0) || 0);

/** What a person did, from the Dial results or else the dialled legs; undefined when the call says nothing of it. */
interface PersonOutcome {
  readonly answered: boolean;
  readonly talkSeconds: number;
  /** Twilio's status of the last attempt, for an unanswered outgoing call. */
  readonly lastStatus: string;
  /** The leg a person answered on, when known. */
  readonly answeredLeg?: VoiceParams;
}

const personOutcome = (pieces: readonly Piece[]): PersonOutcome | undefined => {
  const legs = pieces.filter((p) => p.type === TwilioFragment.LegStatus && p.params.ParentCallSid).map((p) => p.params);
  const dials = pieces.filter((p) => p.type === TwilioFragment.DialAction).map((p) => p.params);
  if (dials.length > 0) {
    const answered = dials.filter((d) => d.DialCallStatus === 'completed');
    return {
      answered: answered.length > 0,
      talkSeconds: answered.reduce((sum, d) => sum + secondsOf(d.DialCallDuration), 0),
      lastStatus: dials.at(-1)?.DialCallStatus ?? 'no-answer',
      ...withLeg(legs.find((leg) => answered.some((d) => d.DialCallSid === leg.CallSid))),
    };
  }
  if (legs.length === 0) return undefined;
  const answered = legs.filter((leg) => leg.CallStatus === 'completed');
  return {
    answered: answered.length > 0,
    talkSeconds: answered.reduce((sum, leg) => sum + secondsOf(leg.CallDuration), 0),
    lastStatus: legs.some((leg) => leg.CallStatus === 'busy') ? 'busy' : (legs.at(-1)?.CallStatus ?? 'no-answer'),
    ...withLeg(answered[0]),
  };
};
const withLeg = (leg: VoiceParams | undefined) => (leg ? { answeredLeg: leg } : {});

/** A message the caller left: a `<Record>` action with audio, or a recording that `<Record>` made. */
const voicemailOf = (pieces: readonly Piece[]): VoiceParams | undefined =>
  pieces
    .map((p) => p.params)
    .find((params, i) => {
      const type = pieces[i]?.type;
      const fromRecord = type === TwilioFragment.RecordAction || (type === TwilioFragment.RecordingStatus && params.RecordingSource === 'RecordVerb');
      return fromRecord && params.RecordingUrl !== undefined && secondsOf(params.RecordingDuration) > 0;
    });

const failedStatus = (status: string, direction: Direction): EventStatus => {
  switch (status) {
    case 'completed':
      return 'completed';
    case 'busy':
      return 'busy';
    case 'failed':
      return 'failed';
    case 'no-answer':
      return direction === 'inbound' ? 'missed' : 'no_answer';
    default:
      return direction === 'inbound' ? 'missed' : 'canceled';
  }
};

interface Sides {
  readonly direction: Direction;
  readonly external: string;
  readonly firmNumber?: string;
  readonly identity?: string;
}

/**
 * Who was on the call: a softphone or SIP user placing a call is the firm calling out (Twilio says `inbound`: the
 * call came into Twilio from the app); a call Twilio placed (`outbound-api`) goes to the external party.
 */
const sidesOf = (parent: VoiceParams): Sides => {
  const from = addressOf(parent.From ?? '');
  const to = addressOf(parent.To ?? '');
  if (from.kind === 'identity' && to.kind === 'identity') return { direction: 'internal', external: parent.To ?? '', identity: from.identity };
  if (from.kind === 'identity') return { direction: 'outbound', external: to.kind === 'number' ? to.raw : '', identity: from.identity };
  if (parent.Direction?.startsWith('outbound')) return { direction: 'outbound', external: to.kind === 'number' ? to.raw : '', firmNumber: from.raw };
  return { direction: 'inbound', external: from.raw, ...(to.kind === 'number' ? { firmNumber: to.raw } : { identity: to.identity }) };
};

/**
 * The events one Twilio call's callbacks add up to (docs/providers/twilio.md): one log for the call, whatever
 * legs the firm's TwiML dialled, answered or missed by what a person did, with talk time as its duration; a
 * voicemail instead when the caller left a message nobody answered; later recordings amend it. Nothing until a
 * callback says the call ended. A Dial or Record result decides the call; a status callback alone waits for the
 * others to settle, and the processor assembles it again then.
 */
export const assembleTwilioCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const pieces = piecesOf(fragments);
  const parentStatus = pieces.find((p) => p.type === TwilioFragment.LegStatus && !p.params.ParentCallSid);
  const voicemail = voicemailOf(pieces);
  const decided =
    pieces.some((p) => p.type === TwilioFragment.DialAction) || pieces.some((p) => p.type === TwilioFragment.RecordAction && p.params === voicemail);
  const described = parentStatus ?? pieces.find((p) => p.type === TwilioFragment.DialAction || p.type === TwilioFragment.RecordAction);
  if (!described || (!parentStatus && !decided)) return [];

  const parent = described.params;
  const sides = sidesOf(parent);
  const person = personOutcome(pieces);
  const callSid = parent.CallSid;
  const endedAt = parentStatus ? instantOr(parentStatus.params.Timestamp, new Date(parentStatus.at)) : described.at;
  const callSeconds = parentStatus?.params.CallDuration === undefined ? undefined : secondsOf(parentStatus.params.CallDuration);
  const startedAt = callSeconds === undefined ? undefined : new Date(Date.parse(endedAt) - callSeconds * 1000).toISOString();
  const answeredBy = person?.answeredLeg ? addressOf(person.answeredLeg.To ?? '') : undefined;
  const identity = sides.identity ?? (answeredBy?.kind === 'identity' ? answeredBy.identity : undefined);
  const ownRecording = [parentStatus?.params, ...pieces.filter((p) => p.type === TwilioFragment.DialAction).map((p) => p.params)].find(
    (params) => params?.RecordingUrl !== undefined && params.RecordingSid !== undefined,
  );

  const common = {
    ...baseEvent('twilio', ctx),
    providerEventId: `call:${callSid}`,
    providerResourceId: callSid,
    direction: sides.direction,
    external: externalParty(sides.external, sides.direction === 'inbound' ? parent.CallerName : undefined, ctx),
    firm: firmParty(sides.firmNumber, identity, ctx),
    occurredAt: endedAt,
    endedAt,
    ...(startedAt ? { startedAt } : {}),
    media: [],
    ...(parent.AccountSid ? { providerAccount: parent.AccountSid } : {}),
    assembly: { callKey: callSid, ...(decided ? {} : { settleUntil: settleUntil(ctx) }) },
  };
  const talked = person ? person.answered : parentStatus?.params.CallStatus === 'completed';
  let call: CanonicalEvent;
  if (voicemail && !(person?.answered ?? false)) {
    const seconds = secondsOf(voicemail.RecordingDuration);
    call = {
      ...common,
      kind: 'voicemail',
      direction: 'inbound',
      status: 'voicemail',
      durationSeconds: seconds,
      recording: { url: voicemail.RecordingUrl ?? '', durationSeconds: seconds },
    };
  } else {
    const seconds = person ? person.talkSeconds : callSeconds;
    const status = person
      ? person.answered
        ? 'completed'
        : failedStatus(person.lastStatus, sides.direction)
      : failedStatus(parentStatus?.params.CallStatus ?? 'completed', sides.direction);
    call = {
      ...common,
      kind: 'call',
      status,
      ...(talked && seconds !== undefined ? { durationSeconds: seconds } : {}),
      ...(ownRecording?.RecordingUrl ? { recording: { url: ownRecording.RecordingUrl, durationSeconds: secondsOf(ownRecording.RecordingDuration) } } : {}),
    };
  }
  // Every recording status is also an amendment: a recording finished after the call was logged is added to it, and
  // one the log already carries is neither fetched nor filed again (the processor looks first).
  const amendments = pieces
    .filter((p) => p.type === TwilioFragment.RecordingStatus && p.params.RecordingUrl)
    .map((piece): CanonicalEvent => {
      const { assembly: _assembly, ...rest } = call;
      return {
        ...rest,
        providerEventId: `recording:${piece.params.RecordingSid ?? piece.key}`,
        occurredAt: piece.at,
        amends: call.providerEventId,
        recording: { url: piece.params.RecordingUrl ?? '', durationSeconds: secondsOf(piece.params.RecordingDuration) },
      };
    });
  return [call, ...amendments];
};
