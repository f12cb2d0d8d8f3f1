import { z } from 'zod';
import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { base, callPayloadSchema, externalParty, firmParty, instant, isSipUri, type CallPayload } from './telnyx.payload.js';

interface Piece {
  readonly key: string;
  readonly type: string;
  readonly at: string;
  readonly payload: CallPayload;
}

// Causes that only end a call that was answered: without `call.answered` yet, it has not arrived.
const ANSWERED_ONLY_CAUSES = new Set(['normal_clearing', 'time_limit']);

/** telephony-webhooks.md §6; like Twilio's, an unanswered inbound call is one the firm missed. */
const statusOf = (answered: boolean, cause: string, direction: Direction): EventStatus => {
  if (answered) return 'completed';
  const inbound = direction !== 'outbound';
  switch (cause) {
    case 'user_busy': return 'busy';
    case 'call_rejected': return 'rejected';
    case 'not_found': return 'failed';
    case 'originator_cancel': return inbound ? 'missed' : 'canceled';
    case 'no_answer':
    case 'timeout': return inbound ? 'missed' : 'no_answer';
    default: return inbound ? 'missed' : 'failed';
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

const seconds = (from: string | undefined, to: string | undefined): number | undefined => {
  const span = from && to ? Date.parse(to) - Date.parse(from) : Number.NaN;
  return Number.isNaN(span) ? undefined : Math.max(0, Math.round(span / 1000));
};

const recordingUrl = ({ public_recording_urls: pub, recording_urls: rec }: CallPayload): string | undefined =>
  // Public URLs (when enabled on the account) do not expire; the others are presigned for 10 minutes.
  [pub?.mp3, pub?.wav, rec?.mp3, rec?.wav].find((url): url is string => !!url && z.url().safeParse(url).success);

const callEvent = (pieces: readonly Piece[], ctx: ParseContext): CanonicalEvent | undefined => {
  const initiated = pieces.find((p) => p.type === 'call.initiated');
  if (!initiated) return undefined;
  // The leg that started the session is the call; bridged or transferred legs share its session id.
  const leg = initiated.payload.call_leg_id;
  const ofLeg = (type: string) => pieces.find((p) => p.type === type && p.payload.call_leg_id === leg);
  const answered = ofLeg('call.answered');
  const hangup = ofLeg('call.hangup');
  const cause = hangup?.payload.hangup_cause ?? 'unspecified';
  if (!hangup || (!answered && ANSWERED_ONLY_CAUSES.has(cause))) return undefined;

  const { from = '', to = '', direction: way, caller_id_name: callerIdName, call_session_id: session } = initiated.payload;
  const direction: Direction = isSipUri(from) && isSipUri(to) ? 'internal' : way === 'incoming' ? 'inbound' : 'outbound';
  const [external, firm] = direction === 'inbound' ? [from, to] : [to, from];
  const duration = answered ? seconds(answered.at, hangup.at) : undefined;
  return {
    ...base(ctx),
    providerEventId: `call:${session}`,
    providerResourceId: session,
    kind: 'call',
    direction,
    external: { ...externalParty(external, ctx), ...(callerIdName && direction === 'inbound' ? { callerIdName } : {}) },
    firm: firmParty(firm, ctx),
    occurredAt: hangup.at,
    startedAt: answered?.at ?? instant(initiated.payload.start_time, new Date(initiated.at)),
    endedAt: hangup.at,
    ...(duration === undefined ? {} : { durationSeconds: duration }),
    status: statusOf(!!answered, cause, direction),
    media: [],
  };
};

/**
 * The events a Telnyx call session's callbacks add up to: nothing until the call has ended (`call.hangup`, with
 * `call.answered` when the cause says it was answered), then the call (`call:<call_session_id>`, whichever callback
 * completed it) and one event per recording or transcript, each amending the call. Order and repeats do not matter.
 */
export const assembleTelnyxCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const pieces = piecesOf(fragments);
  const call = callEvent(pieces, ctx);
  if (!call) return [];
  const amending = (piece: Piece, extra: Partial<CanonicalEvent>): CanonicalEvent =>
    ({ ...call, ...extra, occurredAt: piece.at, amends: call.providerEventId });
  const recordings = pieces.filter((p) => p.type === 'call.recording.saved').flatMap((piece) => {
    const url = recordingUrl(piece.payload);
    const duration = seconds(piece.payload.recording_started_at, piece.payload.recording_ended_at);
    return url ? [amending(piece, { providerEventId: `recording:${piece.key}`, recording: { url, ...(duration === undefined ? {} : { durationSeconds: duration }) } })] : [];
  });
  const transcripts = pieces.filter((p) => p.type === 'call.recording.transcription.saved' && p.payload.transcription_text).map((piece) =>
    amending(piece, { providerEventId: `transcript:${piece.key}`, transcript: piece.payload.transcription_text ?? '' }));
  return [call, ...recordings, ...transcripts];
};
