import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { base, externalParty, firmParty, sessionSchema, type Party } from './ringcentral.payload.js';
import { ownEntry } from '../own-entry.js';

/** One party's status as one notification reported it. */
interface Sighting {
  readonly sequence: number;
  readonly at: string;
  readonly party: Party;
}

const ENDED = new Set(['Disconnected', 'Gone']);
// Disconnect reasons of an outbound call nobody answered (Session Status Info `reason`).
const UNANSWERED_OUTBOUND: Readonly<Record<string, EventStatus>> = {
  TargetBusy: 'busy', Rejected: 'rejected', Cancelled: 'canceled', InvalidNumber: 'failed', InternationalDisabled: 'failed',
  DestinationBlocked: 'failed', NotEnoughFunds: 'failed', NoSuchUser: 'failed', InternalError: 'failed',
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
    for (const party of session.data.parties) sightings.push({ sequence: session.data.sequence ?? 0, at: fragment.occurredAt, party });
  }
  return { ...(sessionId ? { sessionId } : {}), sightings: sightings.sort((a, b) => a.sequence - b.sequence || a.at.localeCompare(b.at)) };
};

/** Every party RingCentral told us of has left the call (notifications can arrive out of sequence). */
const hasEnded = (sightings: readonly Sighting[]): boolean => {
  const latest = new Map<string, string>();
  for (const { party } of sightings) latest.set(party.id, party.status.code);
  return latest.size > 0 && [...latest.values()].every((code) => ENDED.has(code));
};

const directionOf = (sightings: readonly Sighting[]): Direction => {
  const fromFirm = sightings.some((s) => s.party.from?.extensionId);
  const toFirm = sightings.some((s) => s.party.to?.extensionId);
  if (fromFirm && toFirm) return 'internal';
  if (fromFirm || toFirm) return fromFirm ? 'outbound' : 'inbound';
  return sightings.find((s) => s.party.extensionId)?.party.direction === 'Outbound' ? 'outbound' : 'inbound';
};

const statusOf = (sightings: readonly Sighting[], answered: boolean, direction: Direction): EventStatus => {
  if (answered) return 'completed';
  if (sightings.some((s) => s.party.status.code === 'VoiceMail' || s.party.status.reason === 'Voicemail')) return 'voicemail';
  if (direction !== 'outbound') return 'missed';
  const reason = sightings.map((s) => ownEntry(UNANSWERED_OUTBOUND, s.party.status.reason ?? '')).find((status) => status !== undefined);
  return reason ?? 'no_answer';
};

const first = <T>(sightings: readonly Sighting[], pick: (party: Party) => T | undefined): T | undefined =>
  sightings.map((s) => pick(s.party)).find((value) => value !== undefined && value !== '');

/**
 * A RingCentral telephony session as one call (`call:<telephonySessionId>`), once every party it reported has
 * disconnected. Session events carry no result or duration: the call was answered when a firm party (one with an
 * extension) reached `Answered`, and lasted from then to the last disconnect; otherwise it went to voicemail, was
 * missed (inbound) or ended unanswered for the reason RingCentral gave (outbound).
 */
export const assembleRingCentralCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const { sessionId: id, sightings } = sightingsOf(fragments);
  if (!id || !hasEnded(sightings)) return [];

  const answer = sightings.find((s) => s.party.extensionId && s.party.status.code === 'Answered');
  const endedAt = sightings.filter((s) => ENDED.has(s.party.status.code)).map((s) => s.at).sort().at(-1) ?? sightings[0]?.at ?? ctx.receivedAt.toISOString();
  const startedAt = answer?.at ?? [...sightings].map((s) => s.at).sort()[0] ?? endedAt;
  const direction = directionOf(sightings);
  const caller = { number: first(sightings, (p) => p.from?.phoneNumber), name: first(sightings, (p) => p.from?.name), ext: first(sightings, (p) => p.from?.extensionId) };
  const callee = { number: first(sightings, (p) => p.to?.phoneNumber), name: first(sightings, (p) => p.to?.name), ext: first(sightings, (p) => p.to?.extensionId) };
  const inbound = direction === 'inbound';
  const [external, firm] = inbound ? [caller, callee] : [callee, caller];
  // The firm user is whoever answered an inbound call, else the extension called or calling.
  const userRef = (inbound ? answer?.party.extensionId : undefined) ?? firm.ext;
  const duration = answer ? Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(answer.at)) / 1000)) : undefined;
  return [{
    ...base(ctx),
    providerEventId: `call:${id}`,
    providerResourceId: id,
    kind: 'call',
    direction,
    external: externalParty(external.number, inbound ? external.name : undefined, ctx),
    firm: firmParty(firm.number, undefined, userRef, ctx),
    occurredAt: endedAt,
    startedAt,
    endedAt,
    ...(duration === undefined ? {} : { durationSeconds: duration }),
    status: statusOf(sightings, !!answer, direction),
    media: [],
  }];
};
