import * as z from 'zod';
import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { settleUntil } from '../kit.js';
import { base, callPayloadSchema, externalParty, firmParty, instant, isSipUri, type CallPayload } from './telnyx.payload.js';

interface Piece {
  readonly key: string;
  readonly type: string;
  readonly at: string;
  readonly payload: CallPayload;
}

/** One leg of a call session, as its Call Control callbacks describe it. */
interface Leg {
  readonly id: string;
  readonly pieces: readonly Piece[];
  readonly direction?: 'incoming' | 'outgoing';
  readonly from: string;
  readonly to: string;
  readonly start: string;
  readonly answered?: Piece;
  readonly bridged?: Piece;
  readonly hangup?: Piece;
}

/** An unanswered call's status from the hangup cause (docs/providers/telnyx.md); an inbound one the firm missed. */
const unansweredStatus = (cause: string, direction: Direction): EventStatus => {
  const inbound = direction !== 'outbound';
  switch (cause) {
    case 'user_busy':
      return 'busy';
    case 'call_rejected':
      return 'rejected';
    case 'not_found':
      return 'failed';
    case 'originator_cancel':
      return inbound ? 'missed' : 'canceled';
    case 'no_answer':
    case 'timeout':
      return inbound ? 'missed' : 'no_answer';
    default:
      return inbound ? 'missed' : 'failed';
  }
};

/** Each callback once (Telnyx redelivers), in the order it happened. */
const piecesOf = (fragments: readonly CallFragment[]): Piece[] => {
  const byKey = new Map<string, Piece>();
  for (const fragment of fragments) {
    const payload = callPayloadSchema.safeParse(fragment.data);
    if (payload.success && !byKey.has(fragment.eventKey)) {
      byKey.set(fragment.eventKey, { key: fragment.eventKey, type: fragment.type, at: fragment.occurredAt, payload: payload.data });
    }
  }
  return [...byKey.values()].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
};

const LEG_EVENTS = new Set(['call.initiated', 'call.answered', 'call.bridged', 'call.hangup']);

/** The session's legs, earliest first. Every leg callback carries from, to and start time, so a lost one costs nothing but its own fact. */
const legsOf = (pieces: readonly Piece[]): Leg[] => {
  const byLeg = new Map<string, Piece[]>();
  for (const piece of pieces) {
    const id = piece.payload.call_leg_id;
    if (id && LEG_EVENTS.has(piece.type)) byLeg.set(id, [...(byLeg.get(id) ?? []), piece]);
  }
  return [...byLeg.entries()]
    .map(([id, own]): Leg => {
      const of = (type: string) => own.find((p) => p.type === type);
      const field = (name: 'from' | 'to' | 'start_time') => own.map((p) => p.payload[name]).find((v) => !!v);
      const first = own[0];
      const [answered, bridged, hangup] = [of('call.answered'), of('call.bridged'), of('call.hangup')];
      const direction = of('call.initiated')?.payload.direction;
      return {
        id,
        pieces: own,
        from: field('from') ?? '',
        to: field('to') ?? '',
        start: instant(field('start_time'), new Date(first?.at ?? 0)),
        ...(direction ? { direction } : {}),
        ...(answered ? { answered } : {}),
        ...(bridged ? { bridged } : {}),
        ...(hangup ? { hangup } : {}),
      };
    })
    .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
};

/**
 * The leg that is the call: the caller's incoming leg, else the app's first leg to a number (not to a firm
 * softphone). A leg whose `call.initiated` was lost is taken as the session's incoming leg when it came first,
 * unless a SIP user placed it.
 */
const primaryOf = (legs: readonly Leg[]): { leg: Leg; incoming: boolean } | undefined => {
  const incoming = legs.find((leg) => leg.direction === 'incoming');
  if (incoming) return { leg: incoming, incoming: true };
  const first = legs[0];
  if (!first) return undefined;
  if (first.direction === undefined) return { leg: first, incoming: !isSipUri(first.from) };
  return { leg: legs.find((leg) => leg.direction === 'outgoing' && !isSipUri(leg.to)) ?? first, incoming: false };
};

const seconds = (from: string | undefined, to: string | undefined): number | undefined => {
  const span = from && to ? Date.parse(to) - Date.parse(from) : Number.NaN;
  return Number.isNaN(span) ? undefined : Math.max(0, Math.round(span / 1000));
};

/** Talk time of a leg a person was on: from answer (or bridge) to its hangup, or the call's. */
const talkOf = (leg: Leg, callEnd: string): number => seconds((leg.answered ?? leg.bridged)?.at, leg.hangup?.at ?? callEnd) ?? 0;

/**
 * Who a person was: on an inbound call the app answers the caller's leg itself, so a person answered only when a
 * leg the app dialled or transferred to was answered, the caller's leg was bridged, or it rang a SIP user
 * directly. On an outbound call, the callee answering its leg.
 */
const peopleOf = (legs: readonly Leg[], primary: Leg, incoming: boolean): readonly Leg[] => {
  if (!incoming) return primary.answered ? [primary] : [];
  const others = legs.filter((leg) => leg !== primary && (leg.answered ?? leg.bridged));
  if (others.length > 0) return others;
  return primary.bridged || (primary.answered && isSipUri(primary.to)) ? [primary] : [];
};

const recordingUrl = ({ public_recording_urls: pub, recording_urls: rec }: CallPayload): string | undefined =>
  // Public URLs (when enabled on the account) do not expire; the others are presigned for 10 minutes.
  [pub?.mp3, pub?.wav, rec?.mp3, rec?.wav].find((url): url is string => !!url && z.url().safeParse(url).success);

const recordingOf = (piece: Piece): CanonicalEvent['recording'] | undefined => {
  const url = recordingUrl(piece.payload);
  const duration = seconds(piece.payload.recording_started_at, piece.payload.recording_ended_at);
  return url ? { url, ...(duration === undefined ? {} : { durationSeconds: duration }) } : undefined;
};

/**
 * The events a Telnyx call session's callbacks add up to (docs/providers/telnyx.md): nothing until the call's own
 * leg has hung up, then one log for the call (`call:<call_session_id>`), answered or missed by what a person did
 * (not by the app answering), with talk time as its duration; a voicemail when nobody answered and a recording was
 * saved; later recordings and transcripts amend it. The call settles before it is logged: the processor assembles
 * it again from every callback stored by then. Order and repeats do not matter.
 */
export const assembleTelnyxCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const pieces = piecesOf(fragments);
  const legs = legsOf(pieces);
  const found = primaryOf(legs);
  const hangup = found?.leg.hangup;
  if (!found || !hangup) return [];
  const { leg: primary, incoming } = found;
  const session = primary.pieces[0]?.payload.call_session_id ?? '';
  const direction: Direction = isSipUri(primary.from) && isSipUri(primary.to) ? 'internal' : incoming ? 'inbound' : 'outbound';
  const [external, firm] = incoming ? [primary.from, primary.to] : [primary.to, primary.from];
  const people = peopleOf(legs, primary, incoming);
  const talk = people.reduce((sum, leg) => sum + talkOf(leg, hangup.at), 0);
  const person = people.find((leg) => leg !== primary && isSipUri(leg.to));
  const callerIdName = primary.pieces.find((p) => p.type === 'call.initiated')?.payload.caller_id_name;
  const saved = pieces
    .filter((p) => p.type === 'call.recording.saved')
    .flatMap((piece) => {
      const recording = recordingOf(piece);
      return recording ? [{ piece, recording }] : [];
    });
  const voicemail = people.length === 0 && direction === 'inbound' ? saved[0] : undefined;

  const firmSide = firmParty(firm, ctx);
  const call: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `call:${session}`,
    providerResourceId: session,
    kind: voicemail ? 'voicemail' : 'call',
    direction,
    external: { ...externalParty(external, ctx), ...(callerIdName && direction === 'inbound' ? { callerIdName } : {}) },
    firm: person && !firmSide.userRef ? { ...firmSide, userRef: person.to } : firmSide,
    occurredAt: hangup.at,
    startedAt: primary.start,
    endedAt: hangup.at,
    status: voicemail ? 'voicemail' : people.length > 0 ? 'completed' : unansweredStatus(hangup.payload.hangup_cause ?? 'unspecified', direction),
    ...(voicemail
      ? {
          recording: voicemail.recording,
          ...(voicemail.recording?.durationSeconds === undefined ? {} : { durationSeconds: voicemail.recording.durationSeconds }),
        }
      : {}),
    ...(people.length > 0 ? { durationSeconds: talk } : {}),
    media: [],
    assembly: { callKey: session, settleUntil: settleUntil(ctx) },
  };
  const { assembly: _settled, ...logged } = call;
  const amending = (piece: Piece, extra: Partial<CanonicalEvent>): CanonicalEvent => ({
    ...logged,
    ...extra,
    occurredAt: piece.at,
    amends: call.providerEventId,
  });
  // Every recording is also an amendment: a voicemail saved after the call was logged is added to it, and one the log
  // already carries is neither fetched nor filed again (the processor looks first).
  const recordings = saved.map(({ piece, recording }) => amending(piece, { providerEventId: `recording:${piece.key}`, recording }));
  const transcripts = pieces
    .filter((p) => p.type === 'call.recording.transcription.saved' && p.payload.transcription_text)
    .map((piece) => amending(piece, { providerEventId: `transcript:${piece.key}`, transcript: piece.payload.transcription_text ?? '' }));
  return [call, ...recordings, ...transcripts];
};
