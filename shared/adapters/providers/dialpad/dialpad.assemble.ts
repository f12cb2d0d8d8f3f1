import { createHash } from 'node:crypto';
import type { CanonicalEvent, Direction } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { settleUntil } from '../kit.js';
import {
  base,
  callKeyOf,
  callSchema,
  CONTACT_TYPES,
  DIRECTIONS,
  externalParty,
  firmParty,
  instant,
  isUrl,
  unrecognisedField,
  type DialpadCall,
} from './dialpad.payload.js';

/** The call states of Dialpad's call event subscriptions; another is kept as an unrecognised value. */
const KNOWN_STATES = new Set([
  'preanswer',
  'calling',
  'ringing',
  'connected',
  'merged',
  'hold',
  'queued',
  'parked',
  'takeover',
  'eavesdrop',
  'monitor',
  'barge',
  'blocked',
  'admin',
  'hangup',
  'missed',
  'voicemail',
  'voicemail_uploaded',
  'recording',
  'transcription',
  'call_transcription',
  'postcall',
  'csat',
  'dispositions',
  'recap_summary',
  'ai_playbook',
]);
/** States after which a leg is over: Dialpad sends `hangup` for every leg that ends, answered or not. */
const END_STATES = new Set(['hangup', 'missed', 'voicemail', 'voicemail_uploaded']);
/**
 * How many settle windows a call waits after a `voicemail` state for its `voicemail_uploaded` (the link): the caller
 * is still speaking when Dialpad sends `voicemail`, and Dialpad then stores the message. Six windows, two minutes with
 * the default 20 s, cover a message of about a minute and a half and its upload, and delay the log no more than that.
 */
const VOICEMAIL_SETTLE_WINDOWS = 6;

interface Piece {
  readonly key: string;
  readonly at: string;
  readonly call: DialpadCall;
}

/** One leg (one `call_id`) of a call, from all its events. */
interface Leg {
  readonly id: string;
  readonly pieces: readonly Piece[];
  /** Who the leg rang: a person (`user`) or a group (office, department, call centre). */
  readonly target: DialpadCall['target'];
  readonly person: boolean;
  readonly startedAt?: number;
  readonly connectedAt?: number;
  readonly endedAt?: number;
  readonly ended: boolean;
  /** Its event with a `voicemail_link`. */
  readonly voicemail?: Piece;
  /** A message was (or is being) left on it: the leg is the voicemail box, not a person talking. */
  readonly toVoicemail: boolean;
  /** The legs its events name as `entry_point_call_id` or `master_call_id`. */
  readonly links: readonly string[];
}

/** Each event once (Dialpad retries), in the order it happened; a stored event that does not read as one is left out. */
const piecesOf = (fragments: readonly CallFragment[]): Piece[] => {
  const byKey = new Map<string, Piece>();
  for (const fragment of fragments) {
    const call = callSchema.safeParse(fragment.data);
    const dated = typeof fragment.occurredAt === 'string' && !Number.isNaN(Date.parse(fragment.occurredAt));
    if (call.success && dated && !byKey.has(fragment.eventKey))
      byKey.set(fragment.eventKey, { key: fragment.eventKey, at: fragment.occurredAt, call: call.data });
  }
  return [...byKey.values()].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
};

const first = <T>(pieces: readonly Piece[], pick: (call: DialpadCall) => T | null | undefined): T | undefined =>
  pieces.map((p) => pick(p.call)).find((v): v is T => v !== null && v !== undefined && v !== '');

const legOf = (id: string, pieces: readonly Piece[]): Leg => {
  const connectedAt = first(pieces, (c) => c.date_connected);
  const duration = first(pieces, (c) => c.duration);
  const ended = Math.max(0, ...pieces.map((p) => p.call.date_ended ?? 0));
  const endedAt = ended > 0 ? ended : connectedAt !== undefined && duration !== undefined ? connectedAt + duration : undefined;
  const target = first(pieces, (c) => (c.target?.type ? c.target : undefined)) ?? first(pieces, (c) => c.target);
  const voicemail = pieces.find((p) => isUrl(p.call.voicemail_link));
  const startedAt = first(pieces, (c) => c.date_started);
  const links = [
    ...new Set(pieces.flatMap((p) => [p.call.entry_point_call_id, p.call.master_call_id].filter((link): link is string => !!link && link !== id))),
  ];
  return {
    id,
    pieces,
    target,
    person: target?.type === 'user',
    ended: pieces.some((p) => END_STATES.has(p.call.state)),
    toVoicemail: !!voicemail || pieces.some((p) => p.call.state === 'voicemail'),
    links,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(connectedAt === undefined ? {} : { connectedAt }),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(voicemail ? { voicemail } : {}),
  };
};

const legsOf = (pieces: readonly Piece[]): Leg[] => {
  const byLeg = new Map<string, Piece[]>();
  for (const piece of pieces) byLeg.set(piece.call.call_id, [...(byLeg.get(piece.call.call_id) ?? []), piece]);
  return [...byLeg.entries()]
    .map(([id, own]) => legOf(id, own))
    .sort((a, b) => (a.startedAt ?? Infinity) - (b.startedAt ?? Infinity) || a.id.localeCompare(b.id));
};

/** Milliseconds in the union of the spans people were connected: overlapping legs of one conversation count once. */
const talkMs = (spans: readonly (readonly [number, number])[]): number => {
  let total = 0;
  let reach = -Infinity;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(from, reach);
    if (to > start) total += to - start;
    reach = Math.max(reach, to);
  }
  return total;
};

// A recording without an id is known by its link, digested: a link may be 2048 characters, an event id only 200.
const recordingId = (id: string | null | undefined, url: string): string => id ?? createHash('sha256').update(url).digest('hex').slice(0, 32);

/** Recording links of the legs' events (`recording_details`), voicemails aside, each once: Dialpad repeats earlier ones. */
const recordingsOf = (pieces: readonly Piece[]) => {
  const byId = new Map<string, { piece: Piece; url: string; id: string }>();
  for (const piece of pieces) {
    for (const r of piece.call.recording_details ?? []) {
      if (!isUrl(r.url) || /voicemail/i.test(r.recording_type ?? '')) continue;
      const id = `${piece.call.call_id}:${recordingId(r.id, r.url)}`;
      if (!byId.has(id)) byId.set(id, { piece, url: r.url, id });
    }
  }
  return [...byId.values()];
};

/** When the call is assembled again and logged: later while a message is being left whose link has not come yet. */
const settleOf = (legs: readonly Leg[], ctx: ParseContext): string => {
  const leaving = legs.some((leg) => leg.toVoicemail && !leg.voicemail);
  return settleUntil(leaving ? { ...ctx, settleSeconds: ctx.settleSeconds * VOICEMAIL_SETTLE_WINDOWS } : ctx);
};

const unrecognisedIn = (pieces: readonly Piece[], knownDirection: boolean) =>
  unrecognisedField(
    pieces.flatMap(({ call: c }) => [
      ...(KNOWN_STATES.has(c.state) ? [] : [{ field: 'state', value: c.state }]),
      // Without any leg saying which way the call went we cannot tell who called whom.
      ...(DIRECTIONS.has(c.direction) ? [] : [{ field: 'direction', value: c.direction, ...(knownDirection ? {} : { decisive: true }) }]),
      ...(!c.contact?.type || CONTACT_TYPES.has(c.contact.type) ? [] : [{ field: 'contact.type', value: c.contact.type }]),
    ]),
  );

/**
 * The events a Dialpad call's events add up to (docs/providers/dialpad.md): nothing until the caller's leg (the
 * entry point's) has ended and every leg the others name has reached us, then one log for the call
 * (`call:<entry point call id>`). It is answered when a person's leg connected (not the voicemail box), with the time
 * people were connected as its duration and the first of them as the firm user; a voicemail when nobody answered and
 * a message was left; missed (no answer, outbound) otherwise. The group's own leg and the legs that only rang are
 * never logs of their own. The log carries the voicemail, else the first recording; later recordings amend it. The
 * call settles first: the processor assembles it again from every event stored by then, so order and repeats do not
 * matter.
 */
export const assembleDialpadCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const pieces = piecesOf(fragments);
  const legs = legsOf(pieces);
  const [firstPiece] = pieces;
  if (!firstPiece) return [];
  const callKey = callKeyOf(firstPiece.call);
  const held = new Set(legs.map((leg) => leg.id));
  // A leg that names one we do not hold (the group's, the one it was forwarded from) says the call is not all here:
  // deciding from the others could take a call a person answered for one nobody did.
  if (legs.some((leg) => leg.links.some((link) => !held.has(link)))) return [];
  // Every leg named is here, so the call's own leg is too.
  const caller = legs.find((leg) => leg.id === callKey);
  if (!caller?.ended) return [];

  const said = [caller, ...legs].map((leg) => first(leg.pieces, (c) => (DIRECTIONS.has(c.direction) ? c.direction : undefined))).find((d) => d !== undefined);
  const contact = first(caller.pieces, (c) => c.contact);
  const direction: Direction = contact?.type === 'user' ? 'internal' : said === 'outbound' ? 'outbound' : 'inbound';
  const people = legs
    .filter((leg) => leg.person && leg.connectedAt !== undefined && !leg.toVoicemail)
    .sort((a, b) => (a.connectedAt ?? 0) - (b.connectedAt ?? 0));
  const lastPiece = pieces.at(-1) ?? firstPiece;
  const callEnd = Math.max(0, ...legs.map((leg) => leg.endedAt ?? 0)) || Date.parse(lastPiece.at);
  const talk = talkMs(people.map((leg) => [leg.connectedAt ?? 0, leg.endedAt ?? callEnd] as const));
  const voicemail = people.length === 0 ? legs.find((leg) => leg.voicemail)?.voicemail : undefined;
  const recordings = recordingsOf(pieces);
  const recordingUrl = voicemail?.call.voicemail_link ?? recordings[0]?.url;
  const endedAt = instant(callEnd) ?? lastPiece.at;
  const answerer = people[0];
  // The group (department, office, call centre) is no Clio user: the person who answered, else the person whose leg the call is.
  const firmUser = answerer?.target ?? (caller.person ? caller.target : undefined);

  const call: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `call:${callKey}`,
    providerResourceId: callKey,
    kind: voicemail ? 'voicemail' : 'call',
    direction,
    external: externalParty(first(caller.pieces, (c) => c.external_number) ?? contact?.phone, direction === 'inbound' ? contact?.name : undefined, ctx),
    firm: firmParty(first(caller.pieces, (c) => c.internal_number) ?? first(pieces, (c) => c.internal_number), firmUser, ctx),
    occurredAt: endedAt,
    startedAt: instant(caller.startedAt, legs[0]?.startedAt) ?? firstPiece.at,
    endedAt,
    status: voicemail ? 'voicemail' : answerer ? 'completed' : direction === 'outbound' ? 'no_answer' : 'missed',
    ...(answerer ? { durationSeconds: Math.round(talk / 1000) } : {}),
    ...(recordingUrl ? { recording: { url: recordingUrl } } : {}),
    ...(voicemail?.call.transcription_text ? { transcript: voicemail.call.transcription_text } : {}),
    media: [],
    ...unrecognisedIn(pieces, said !== undefined),
    assembly: { callKey, settleUntil: settleOf(legs, ctx) },
  };
  const { assembly: _settled, ...logged } = call;
  const amending = (piece: Piece, extra: Pick<CanonicalEvent, 'providerEventId'> & Partial<CanonicalEvent>): CanonicalEvent => ({
    ...logged,
    ...extra,
    occurredAt: piece.at,
    amends: call.providerEventId,
  });
  // Every recording and voicemail is also an amendment: one that came after the call was logged is added to it, and
  // one the log already carries is neither fetched nor filed again (the processor looks first).
  const lateRecordings = recordings.map(({ piece, url, id }) => amending(piece, { providerEventId: `recording:${id}`, recording: { url } }));
  const lateVoicemails = legs.flatMap(({ voicemail: left }) =>
    left && isUrl(left.call.voicemail_link)
      ? [
          amending(left, {
            providerEventId: `voicemail:${left.call.call_id}`,
            recording: { url: left.call.voicemail_link },
            ...(left.call.transcription_text ? { transcript: left.call.transcription_text } : {}),
          }),
        ]
      : [],
  );
  return [call, ...lateRecordings, ...lateVoicemails];
};
