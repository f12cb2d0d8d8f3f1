import type { CanonicalEvent, EventStatus } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { settleUntil } from '../kit.js';
import { legsOf, piecesOf, recordingsOf, talkSeconds, undocumentedValuesOf, type Leg } from './vonage.legs.js';
import { base, externalParty, firmParty, isPhone, vonageE164 } from './vonage.payload.js';

/** What one conversation's legs say happened, before it becomes an event. */
interface Story {
  readonly primary: Leg;
  readonly incoming: boolean;
  readonly external: string | null | undefined;
  readonly firmNumber: string | null | undefined;
  readonly people: readonly Leg[];
  readonly person: string | null | undefined;
  readonly decisive?: { readonly field: string; readonly value: string };
}

/** An outgoing call nobody answered, by the client's leg's last word (docs/providers/vonage.md). */
const unansweredStatus = (reason: string): EventStatus => {
  switch (reason) {
    case 'busy':
      return 'busy';
    case 'rejected':
      return 'rejected';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'canceled';
    default:
      return 'no_answer';
  }
};

// The firm's own phones the tenant mapped to a Clio user are never the outside party.
const mapped = (raw: string | null | undefined, ctx: ParseContext): boolean => {
  if (!raw) return false;
  const e164 = vonageE164(raw, ctx.settings.defaultCountry);
  return Object.hasOwn(ctx.settings.userMappings, raw) || (e164 !== undefined && Object.hasOwn(ctx.settings.userMappings, e164));
};

/**
 * Someone called the firm: the caller's leg (inbound, to the firm's number) is answered by the firm's NCCO, so a
 * person answered only when a leg the NCCO connected (outbound: a lawyer's phone, an app user, a SIP endpoint) did,
 * and not an answering machine or a WebSocket.
 */
const incoming = (caller: Leg, legs: readonly Leg[]): Story => {
  const people = legs.filter((leg) => leg !== caller && leg.direction === 'outbound' && leg.answeredAt && !leg.machine && !leg.websocket);
  return { primary: caller, incoming: true, external: caller.from, firmNumber: caller.to, people, person: people[0]?.to };
};

/**
 * The firm called out (an API call, a click-to-call that rings the lawyer first, a Client SDK user's call): the
 * client's leg is the latest outbound leg to a number that is not one of the firm's mapped phones.
 */
const outgoing = (legs: readonly Leg[], ctx: ParseContext): Story | undefined => {
  const client = legs.filter((leg) => leg.direction === 'outbound' && isPhone(leg.to, ctx) && !mapped(leg.to, ctx)).at(-1);
  if (!client) return undefined;
  const own =
    legs.find((leg) => leg !== client && leg.direction === 'outbound' && leg.to && !leg.websocket)?.to ??
    legs.find((leg) => leg.direction === 'inbound' && leg.to)?.to;
  const firmNumber = isPhone(client.from, ctx) ? client.from : legs.find((leg) => leg !== client && isPhone(leg.from, ctx))?.from;
  return {
    primary: client,
    incoming: false,
    external: client.to,
    firmNumber,
    people: client.answeredAt ? [client] : [],
    person: isPhone(client.from, ctx) ? own : client.from,
  };
};

/** A leg whose direction we do not know, when no other leg tells the story: logged as nothing, and said so. */
const undecided = (legs: readonly Leg[]): Story | undefined => {
  const leg = legs.find((l) => l.direction !== 'inbound' && l.direction !== 'outbound' && l.end);
  return leg
    ? {
        primary: leg,
        incoming: true,
        external: leg.from,
        firmNumber: leg.to,
        people: [],
        person: undefined,
        decisive: { field: 'direction', value: leg.direction ?? '' },
      }
    : undefined;
};

const storyOf = (legs: readonly Leg[], ctx: ParseContext): Story | undefined => {
  const caller = legs.find((leg) => leg.direction === 'inbound' && isPhone(leg.to, ctx));
  return caller ? incoming(caller, legs) : (outgoing(legs, ctx) ?? undecided(legs));
};

/**
 * The events one Vonage conversation's callbacks add up to (docs/providers/vonage.md): nothing until the call's own
 * leg (the caller's, or the client's on an outgoing call) has ended, then one log (`call:<conversation_uuid>`),
 * answered or missed by what a person did, with talk time as its duration; a voicemail when nobody answered and an
 * NCCO `record` saved a message, the first recording on the log; every recording also amends it. The call settles
 * first: the processor assembles it again from every callback stored by then. Pure; order and repeats do not matter.
 */
export const assembleVonageCall = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] => {
  const pieces = piecesOf(fragments);
  const legs = legsOf(pieces, ctx);
  const story = storyOf(legs, ctx);
  const end = story?.primary.end;
  if (!story || !end) return [];
  const { primary, people } = story;
  const conversation = primary.conversation;
  const endedAt = primary.endedAt ?? end.at;
  const recordings = recordingsOf(pieces);
  const answered = people.length > 0;
  const voicemail = !answered && story.incoming ? recordings[0] : undefined;
  const onLog = answered || voicemail ? recordings[0] : undefined;
  const { decisive } = story;
  const kept = undocumentedValuesOf(pieces).filter((u) => !(decisive && u.field === decisive.field && u.value === decisive.value));
  const unrecognised = [...(decisive ? [{ ...decisive, decisive: true }] : []), ...kept].slice(0, 10);
  const call: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `call:${conversation}`,
    providerResourceId: conversation,
    kind: voicemail ? 'voicemail' : 'call',
    direction: story.incoming ? 'inbound' : 'outbound',
    external: externalParty(story.external, ctx),
    firm: firmParty(story.firmNumber, story.person, ctx),
    occurredAt: endedAt,
    startedAt: primary.startedAt,
    endedAt,
    status: voicemail ? 'voicemail' : answered ? 'completed' : story.incoming ? 'missed' : unansweredStatus(primary.reason),
    ...(answered ? { durationSeconds: talkSeconds(people, endedAt) } : {}),
    ...(voicemail?.recording.durationSeconds === undefined ? {} : { durationSeconds: voicemail.recording.durationSeconds }),
    ...(onLog ? { recording: onLog.recording } : {}),
    media: [],
    ...(unrecognised.length > 0 ? { unrecognised } : {}),
    assembly: { callKey: conversation, settleUntil: settleUntil(ctx) },
  };
  const { assembly: _settled, ...logged } = call;
  // Every recording is also an amendment: one that came after the call was logged is added to it, and one the log
  // already carries is neither fetched nor filed again (the processor looks first).
  const amendments = recordings.map(({ key, at, recording }): CanonicalEvent => ({
    ...logged,
    providerEventId: `recording:${key}`,
    occurredAt: at,
    recording,
    amends: call.providerEventId,
  }));
  return [call, ...amendments];
};
