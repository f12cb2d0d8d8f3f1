import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { instantOr } from '../kit.js';
import { isWebsocket, LEG_STATUSES, legEventSchema, machineEventSchema, recordEventSchema, type LegEvent, type RecordEvent } from './vonage.payload.js';

/** Fragment types besides a leg's own status (its `status` value). */
export const RECORD = 'record';
const MACHINE = 'machine';

/** The statuses after which a leg is over (the reference's busy…timeout are sent for outbound legs only). */
const TERMINAL = new Set(['completed', 'busy', 'cancelled', 'unanswered', 'rejected', 'failed', 'timeout']);

type Piece =
  | { readonly kind: 'leg'; readonly key: string; readonly at: string; readonly event: LegEvent }
  | { readonly kind: 'record'; readonly key: string; readonly at: string; readonly event: RecordEvent }
  | { readonly kind: 'machine'; readonly key: string; readonly at: string; readonly leg: string };

/** One leg (`uuid`) of the conversation, as its events describe it. */
export interface Leg {
  readonly uuid: string;
  readonly conversation: string;
  readonly direction: string | undefined;
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly startedAt: string;
  readonly answeredAt: string | undefined;
  /** The event that ended the leg: its first terminal status other than `completed`, else `completed`. */
  readonly end: { readonly status: string; readonly at: string } | undefined;
  /** Why it ended: `completed`, or the status that says why nobody answered. */
  readonly reason: string;
  readonly endedAt: string | undefined;
  readonly duration: number | undefined;
  /** Advanced machine detection said an answering machine took it. */
  readonly machine: boolean;
  /** The NCCO connected it to a WebSocket (a recorder, a transcriber, a bot), never a person. */
  readonly websocket: boolean;
}

const pieceOf = (fragment: CallFragment): Piece | undefined => {
  const { eventKey: key, occurredAt: at, type, data } = fragment;
  // Every date of a leg falls back on its callback's time: a stored callback without one is left out, never thrown on.
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
  if (type === RECORD) {
    const event = recordEventSchema.safeParse(data);
    return event.success ? { kind: 'record', key, at, event: event.data } : undefined;
  }
  if (type === MACHINE) {
    const event = machineEventSchema.safeParse(data);
    return event.success && event.data.status === 'machine' ? { kind: 'machine', key, at, leg: event.data.call_uuid } : undefined;
  }
  const event = legEventSchema.safeParse(data);
  return event.success ? { kind: 'leg', key, at, event: event.data } : undefined;
};

/** Each callback once (Vonage retries), in the order it happened. */
export const piecesOf = (fragments: readonly CallFragment[]): Piece[] => {
  const byKey = new Map<string, Piece>();
  for (const piece of fragments.flatMap((f) => pieceOf(f) ?? [])) if (!byKey.has(piece.key)) byKey.set(piece.key, piece);
  return [...byKey.values()].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
};

const seconds = (from: string | null | undefined, to: string | null | undefined): number | undefined => {
  const span = from && to ? Date.parse(to) - Date.parse(from) : Number.NaN;
  return Number.isNaN(span) ? undefined : Math.max(0, Math.round(span / 1000));
};

type LegPiece = Extract<Piece, { kind: 'leg' }>;

const legOf = (uuid: string, own: readonly LegPiece[], machine: boolean, ctx: ParseContext): Leg => {
  const first = <K extends keyof LegEvent>(name: K): NonNullable<LegEvent[K]> | undefined =>
    own.map((p) => p.event[name]).find((v): v is NonNullable<LegEvent[K]> => v !== null && v !== undefined && v !== '');
  const of = (status: string) => own.find((p) => p.event.status === status);
  const [started, answered, completed] = [of('started'), of('answered'), of('completed')];
  const unanswered = own.find((p) => TERMINAL.has(p.event.status) && p.event.status !== 'completed');
  const ended = unanswered ?? completed;
  // `completed` carries answer time as `start_time` and talk time as `duration`; a lost `answered` costs nothing.
  const duration = completed?.event.duration ?? undefined;
  const answeredAt = answered?.at ?? (duration && completed ? instantOr(completed.event.start_time, new Date(completed.at)) : undefined);
  return {
    uuid,
    conversation: own[0]?.event.conversation_uuid ?? '',
    direction: first('direction'),
    from: first('from'),
    to: first('to'),
    // Without its `started` event, a leg began no later than the answer `completed` reports.
    startedAt: started?.at ?? instantOr(completed?.event.start_time, new Date(own[0]?.at ?? ctx.receivedAt)),
    answeredAt,
    end: ended ? { status: ended.event.status, at: ended.at } : undefined,
    reason: unanswered?.event.status ?? 'completed',
    endedAt: ended ? instantOr(completed?.event.end_time ?? ended.event.timestamp, new Date(ended.at)) : undefined,
    duration: answeredAt ? duration : undefined,
    machine,
    websocket: isWebsocket(first('to')),
  };
};

/** The conversation's legs, earliest first; every leg event names from, to and direction, so a lost one costs only its own fact. */
export const legsOf = (pieces: readonly Piece[], ctx: ParseContext): Leg[] => {
  const byLeg = new Map<string, LegPiece[]>();
  for (const piece of pieces) if (piece.kind === 'leg') byLeg.set(piece.event.uuid, [...(byLeg.get(piece.event.uuid) ?? []), piece]);
  const machines = new Set(pieces.flatMap((p) => (p.kind === 'machine' ? [p.leg] : [])));
  return [...byLeg.entries()]
    .map(([uuid, own]) => legOf(uuid, own, machines.has(uuid), ctx))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.uuid.localeCompare(b.uuid));
};

/** The conversation's recordings (NCCO `record`), earliest first. */
export const recordingsOf = (pieces: readonly Piece[]): { key: string; at: string; recording: NonNullable<CanonicalEvent['recording']> }[] =>
  pieces.flatMap((p) => {
    if (p.kind !== 'record') return [];
    const duration = seconds(p.event.start_time, p.event.end_time);
    return [{ key: p.key, at: p.at, recording: { url: p.event.recording_url, ...(duration === undefined ? {} : { durationSeconds: duration }) } }];
  });

/** Statuses and directions Vonage sent that the reference does not list: kept, never a reason to refuse the call. */
export const undocumentedValuesOf = (pieces: readonly Piece[]): { field: string; value: string }[] => {
  const values = new Map<string, { field: string; value: string }>();
  for (const p of pieces) {
    if (p.kind !== 'leg') continue;
    const { status, direction } = p.event;
    if (!LEG_STATUSES.has(status)) values.set(`status:${status}`, { field: 'status', value: status });
    if (direction && direction !== 'inbound' && direction !== 'outbound') values.set(`direction:${direction}`, { field: 'direction', value: direction });
  }
  return [...values.values()];
};

/**
 * Seconds people talked: the union of the answered legs' spans (answer to answer + `duration`, else to the leg's end),
 * so two lawyers on one conference are one talk time, not two.
 */
export const talkSeconds = (people: readonly Leg[], callEnd: string): number => {
  const spans = people
    .flatMap((leg) => {
      const from = Date.parse(leg.answeredAt ?? '');
      const to = leg.duration === undefined ? Date.parse(leg.endedAt ?? callEnd) : from + leg.duration * 1000;
      return Number.isNaN(from) || Number.isNaN(to) ? [] : [[from, to] as const];
    })
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [from, to] of spans) {
    total += Math.max(0, to - Math.max(from, reach));
    reach = Math.max(reach, to);
  }
  return Math.round(total / 1000);
};
