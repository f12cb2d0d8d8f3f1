import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { settleUntil } from '../kit.js';
import { ownEntry } from '../own-entry.js';
import { RINGCENTRAL_MEDIA_BASE_URL, base, externalParty, firmParty, isExtension, sessionSchema, type Party } from './ringcentral.payload.js';

/** One party's status as one notification reported it. */
interface Sighting {
  readonly sequence: number;
  readonly at: string;
  readonly accountId?: string;
  readonly party: Party;
}

/** A party of the session: every status it was reported in, in RingCentral's order. */
interface Leg {
  readonly id: string;
  readonly sightings: readonly Sighting[];
  /** Owned by an extension of the firm (a user, a queue, an IVR menu); a caller or callee outside has none. */
  readonly firm: boolean;
}

const code = (sighting: Sighting): string => sighting.party.status.code.toLowerCase();
const ENDED = new Set(['disconnected', 'gone']);
// Status codes of the telephony session notification docs (both spellings of the voicemail screening one).
const KNOWN = new Set([
  'setup',
  'proceeding',
  'answered',
  'disconnected',
  'gone',
  'parked',
  'hold',
  'voicemail',
  'faxreceive',
  'voicemailscreening',
  'vmscreening',
]);
// Disconnect reasons of an outbound call nobody answered (Session Status Info `reason`).
const UNANSWERED_OUTBOUND: Readonly<Record<string, EventStatus>> = {
  TargetBusy: 'busy',
  Rejected: 'rejected',
  Cancelled: 'canceled',
  InvalidNumber: 'failed',
  InternationalDisabled: 'failed',
  DestinationBlocked: 'failed',
  NotEnoughFunds: 'failed',
  NoSuchUser: 'failed',
  InternalError: 'failed',
};

/** Every party status each notification reported, once per notification, in the order RingCentral numbered them. */
const sightingsOf = (fragments: readonly CallFragment[]): { sessionId?: string; sightings: Sighting[] } => {
  const seen = new Set<string>();
  const sightings: Sighting[] = [];
  let sessionId: string | undefined;
  for (const fragment of fragments) {
    const session = sessionSchema.safeParse(fragment.data);
    if (!session.success || seen.has(fragment.eventKey)) continue;
    seen.add(fragment.eventKey);
    sessionId = session.data.telephonySessionId;
    const { sequence = 0, accountId } = session.data;
    for (const party of session.data.parties) sightings.push({ sequence, at: fragment.occurredAt, ...(accountId ? { accountId } : {}), party });
  }
  return { ...(sessionId ? { sessionId } : {}), sightings: sightings.sort((a, b) => a.sequence - b.sequence || a.at.localeCompare(b.at)) };
};

const legsOf = (sightings: readonly Sighting[]): Leg[] => {
  const byId = new Map<string, Sighting[]>();
  for (const sighting of sightings) byId.set(sighting.party.id, [...(byId.get(sighting.party.id) ?? []), sighting]);
  return [...byId.entries()].map(([id, own]) => ({ id, sightings: own, firm: own.some((s) => s.party.extensionId) }));
};

/** Every party RingCentral told us of has left the call (its latest status, by sequence, says so). */
const hasEnded = (legs: readonly Leg[]): boolean =>
  legs.length > 0 &&
  legs.every((leg) => {
    const latest = leg.sightings.at(-1);
    return latest !== undefined && ENDED.has(code(latest));
  });

const first = <T>(sightings: readonly Sighting[], pick: (party: Party) => T | undefined): T | undefined =>
  sightings.map((s) => pick(s.party)).find((value) => value !== undefined && value !== '');

/** The party whose endpoints tell who called whom, and whether it placed the call. */
interface Originator {
  readonly leg: Leg;
  /** False when no `Outbound` party was reported: the leg is a firm party rung by the call, its `from` the caller. */
  readonly placed: boolean;
}

/**
 * The party that placed the call: the session's first `Outbound` party (a caller dialling in, or a user dialling out);
 * party direction is technical, so a leg the firm's call flow rings (a queue member, a forwarded mobile) is `Inbound`.
 * Without an `Outbound` party (a notification may name only the firm's own parties), the firm party that was rung
 * stands in for it: the call came in, and its `from` is the caller.
 */
const originatorOf = (legs: readonly Leg[]): Originator | undefined => {
  const placing = legs.find((leg) => leg.sightings.some((s) => s.party.direction === 'Outbound'));
  if (placing) return { leg: placing, placed: true };
  const rung = legs.find((leg) => leg.firm) ?? legs[0];
  return rung ? { leg: rung, placed: false } : undefined;
};

/** The span a person was on the call: from answering to leaving (hold included, as on every provider's log). */
const talkSpan = (leg: Leg, callEnd: string): [number, number] | undefined => {
  const answered = leg.sightings.find((s) => code(s) === 'answered');
  if (!answered) return undefined;
  const left = leg.sightings.find((s) => ENDED.has(code(s)) && s.sequence >= answered.sequence);
  return [Date.parse(answered.at), Date.parse(left?.at ?? callEnd)];
};

/** Seconds covered by the spans, each moment once (two people on the call at once talk for the firm once). */
const covered = (spans: readonly [number, number][]): number => {
  let total = 0;
  let reached = Number.NEGATIVE_INFINITY;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(start, reached);
    if (end > from) total += end - from;
    reached = Math.max(reached, end);
  }
  return Math.round(total / 1000);
};

/**
 * Who the call was with, seen from the firm: an inbound call's caller is the originator's `from`; an outbound call's
 * callee is the number the user dialled. A leg the firm's own call flow adds (the lawyer's mobile a forwarding rule
 * rang) is never the other party: its number is not read.
 */
const sidesOf = (originator: Originator, legs: readonly Leg[]) => {
  const own = originator.leg.sightings;
  const inbound = !originator.placed || !first(own, (p) => p.extensionId ?? p.from?.extensionId);
  const dialled = first(own, (p) => p.to?.phoneNumber);
  const dialledFirm = !!first(own, (p) => p.to?.extensionId) || (dialled !== undefined && isExtension(dialled));
  // A session with a party outside the firm is never internal, whatever extension ids its endpoints carry.
  const outside = legs.some((leg) => !leg.firm);
  const direction: Direction = inbound ? 'inbound' : dialledFirm && !outside ? 'internal' : 'outbound';
  const external = inbound ? first(own, (p) => p.from?.phoneNumber) : dialled;
  const firmNumber = inbound ? dialled : first(own, (p) => p.from?.phoneNumber);
  const all = legs.flatMap((leg) => leg.sightings);
  const callerIdName = inbound ? first(all, (p) => (p.from?.phoneNumber === external && !p.from?.extensionId ? p.from?.name : undefined)) : undefined;
  return { inbound, direction, external, firmNumber, callerIdName };
};

/**
 * A session that ended in a mailbox or a fax machine: RingCentral keeps what was left as a message, and its message
 * event is the log (with the recording or the PDF). The session's own event is kept, marked so it is not logged twice.
 */
const messageOf = (sightings: readonly Sighting[]): { kind: 'voicemail' | 'fax'; skip: NonNullable<CanonicalEvent['skip']> } | undefined => {
  if (sightings.some((s) => ['voicemail', 'voicemailscreening', 'vmscreening'].includes(code(s)) || s.party.status.reason?.toLowerCase() === 'voicemail')) {
    return { kind: 'voicemail', skip: { reason: 'logged_by_its_message', why: 'went to voicemail: logged from its voicemail message event' } };
  }
  if (sightings.some((s) => code(s) === 'faxreceive'))
    return { kind: 'fax', skip: { reason: 'logged_by_its_message', why: 'received a fax: logged from its fax message event' } };
  return undefined;
};

const unrecognisedOf = (sightings: readonly Sighting[]): CanonicalEvent['unrecognised'] => {
  const values = [...new Set(sightings.map((s) => s.party.status.code).filter((c) => !KNOWN.has(c.toLowerCase())))].slice(0, 10);
  return values.length > 0 ? values.map((value) => ({ field: 'parties.status.code', value })) : undefined;
};

/**
 * A RingCentral telephony session as one call (`call:<telephonySessionId>`, docs/providers/ringcentral.md), once
 * every party it reported has left. Session events carry no result or duration: the call was answered when a person
 * answered (a firm party reaching `Answered`, not the caller's party reaching the firm's call flow), and its
 * duration is the time people were on it. A session that went to voicemail or received a fax is not a call of its
 * own: the voicemail and fax message events log it. Notifications can arrive out of sequence, so the call settles
 * and is assembled again from every notification stored by then.
 */
export const assembleRingCentralCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const { sessionId: id, sightings } = sightingsOf(fragments);
  const legs = legsOf(sightings);
  const originator = originatorOf(legs);
  if (!id || !originator || !hasEnded(legs)) return [];
  const message = messageOf(sightings);

  const endedAt =
    sightings
      .filter((s) => ENDED.has(code(s)))
      .map((s) => s.at)
      .sort()
      .at(-1) ?? ctx.receivedAt.toISOString();
  const startedAt = sightings.map((s) => s.at).sort()[0] ?? endedAt;
  const { inbound, direction, external, firmNumber, callerIdName } = sidesOf(originator, legs);
  // Inbound: a firm party a person answered. Outbound: the callee's party only; the user's own party is `Answered` as
  // soon as the call is set up on some devices, which says nothing about the callee.
  const people = inbound ? legs.filter((leg) => leg.firm) : legs.filter((leg) => leg !== originator.leg);
  const spans = people
    .flatMap((leg) => {
      const span = talkSpan(leg, endedAt);
      return span ? [{ leg, span }] : [];
    })
    .sort((a, b) => a.span[0] - b.span[0]);
  const answered = spans.length > 0;
  const userRef = inbound
    ? (first(spans[0]?.leg.sightings ?? [], (p) => p.extensionId) ?? first(originator.leg.sightings, (p) => p.extensionId ?? p.to?.extensionId))
    : first(originator.leg.sightings, (p) => p.extensionId ?? p.from?.extensionId);
  const reason = sightings.map((s) => ownEntry(UNANSWERED_OUTBOUND, s.party.status.reason ?? '')).find((status) => status !== undefined);
  const status: EventStatus = message
    ? message.kind === 'fax'
      ? 'received'
      : 'voicemail'
    : answered
      ? 'completed'
      : inbound
        ? 'missed'
        : (reason ?? 'no_answer');

  const accountId = sightings.map((s) => s.accountId ?? s.party.accountId).find((value) => value !== undefined) ?? '~';
  const recordings = [...new Set(sightings.flatMap((s) => (s.party.recordings ?? []).map((r) => r.id)))]
    .sort()
    .map((recordingId) => ({ recordingId, url: `${RINGCENTRAL_MEDIA_BASE_URL}/restapi/v1.0/account/${accountId}/recording/${recordingId}/content` }));
  const unrecognised = unrecognisedOf(sightings);
  const call: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `call:${id}`,
    providerResourceId: id,
    kind: message?.kind ?? 'call',
    direction,
    external: externalParty(external, callerIdName, ctx),
    firm: firmParty(firmNumber, undefined, userRef, ctx),
    occurredAt: endedAt,
    startedAt,
    endedAt,
    ...(answered ? { durationSeconds: covered(spans.map((s) => s.span)) } : {}),
    status,
    media: [],
    ...(recordings[0] ? { recording: { url: recordings[0].url } } : {}),
    ...(unrecognised ? { unrecognised } : {}),
    ...(message ? { skip: message.skip } : {}),
    assembly: { callKey: id, settleUntil: settleUntil(ctx) },
  };
  // A recording reported after the call was logged is added to it; one already in the log is not added twice.
  const { assembly: _settled, ...logged } = call;
  const amendments = recordings.map(({ recordingId, url }): CanonicalEvent => ({
    ...logged,
    providerEventId: `recording:${recordingId}`,
    recording: { url },
    amends: call.providerEventId,
  }));
  return [call, ...amendments];
};
