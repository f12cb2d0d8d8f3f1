import type { CanonicalEvent, Direction, EventStatus } from '../../../domain/canonical-event.js';
import type { ParseContext } from '../../../ports/webhook-provider.js';
import { base, callHistorySchema, callLogSchema, externalParty, firmParty, instant, read } from './zoom.payload.js';

interface Side {
  readonly number?: string | undefined;
  readonly name?: string | undefined;
  readonly extension?: string | undefined;
  readonly userRef?: string | undefined;
}

/** A completed call as both Zoom event generations describe it. */
interface CallRecord {
  readonly callId: string;
  readonly direction: Direction;
  readonly caller: Side;
  readonly callee: Side;
  readonly startedAt: string;
  readonly answeredAt?: string | undefined;
  readonly endedAt?: string | undefined;
  readonly talkSeconds?: number | undefined;
  /** Each call element's result, snake_cased ("Call connected" → `call_connected`). */
  readonly results: readonly string[];
}

const ANSWERED = new Set(['answered', 'accepted', 'picked_up', 'connected', 'succeeded', 'call_connected', 'auto_recorded', 'recorded']);
const FAILED = new Set(['call_failed', 'system_blocked', 'service_unavailable', 'invalid_key', 'invalid_operation', 'failed', 'blocked']);
const snake = (value: string): string => value.trim().toLowerCase().replace(/[^a-z]+/g, '_');

const statusOf = ({ results, direction }: CallRecord): EventStatus => {
  const has = (pick: (r: string) => boolean) => results.some(pick);
  if (has((r) => ANSWERED.has(r))) return 'completed';
  if (has((r) => r.includes('voicemail'))) return 'voicemail';
  if (has((r) => r === 'busy')) return 'busy';
  if (has((r) => r.startsWith('reject'))) return 'rejected';
  if (direction !== 'outbound') return 'missed';
  if (has((r) => r.includes('cancel'))) return 'canceled';
  return has((r) => FAILED.has(r)) ? 'failed' : 'no_answer';
};

const earliest = (values: readonly (string | undefined)[]) => values.filter((v): v is string => !!v).sort()[0];
const latest = (values: readonly (string | undefined)[]) => values.filter((v): v is string => !!v).sort().at(-1);

const fromHistory = (object: unknown): CallRecord => {
  const { user_id: userId, call_logs: elements } = read(callHistorySchema, object, 'call history');
  const [first] = elements;
  const talk = elements.map((e) => e.talk_time).filter((t): t is number => t !== undefined);
  return {
    callId: first.call_id,
    direction: first.connect_type === 'internal' ? 'internal' : first.direction === 'outbound' ? 'outbound' : 'inbound',
    caller: { number: first.caller_did_number ?? first.caller_ext_number, name: first.caller_name, extension: first.caller_ext_number, userRef: first.caller_email || first.caller_ext_id || (first.direction === 'outbound' ? userId : undefined) },
    callee: { number: first.callee_did_number ?? first.callee_ext_number, name: first.callee_name, extension: first.callee_ext_number, userRef: first.callee_email || first.callee_ext_id || (first.direction === 'outbound' ? undefined : userId) },
    startedAt: earliest(elements.map((e) => e.start_time)) ?? first.start_time,
    answeredAt: earliest(elements.map((e) => e.answer_time)),
    endedAt: latest(elements.map((e) => e.end_time)),
    talkSeconds: talk.length ? talk.reduce((a, b) => a + b, 0) : undefined,
    results: elements.map((e) => snake(e.result)),
  };
};

// Legacy number types: 1 is a Zoom extension (its DID, when it has one, is the number), 2 an outside number.
const legacySide = (number: string, type: number | undefined, did: string | undefined): Side =>
  type === 1 ? { number: did ?? number, ...(/^\d{1,6}$/.test(number) ? { extension: number } : {}) } : { number };

const fromLegacyLog = (object: unknown): CallRecord => {
  const { user_id: userId, call_logs: [log] } = read(callLogSchema, object, 'call log');
  const internal = log.caller_number_type === 1 && log.callee_number_type === 1;
  const outbound = log.direction === 'outbound';
  return {
    callId: log.call_id,
    direction: internal ? 'internal' : outbound ? 'outbound' : 'inbound',
    caller: { ...legacySide(log.caller_number, log.caller_number_type, log.caller_did_number), name: log.caller_name, userRef: log.caller_user_id ?? (outbound ? userId : undefined) },
    callee: { ...legacySide(log.callee_number, log.callee_number_type, log.callee_did_number), name: log.callee_name, userRef: log.callee_user_id ?? (outbound ? undefined : userId) },
    startedAt: log.date_time,
    answeredAt: log.answer_start_time,
    endedAt: log.call_end_time,
    talkSeconds: log.duration,
    results: [snake(log.result)],
  };
};

/**
 * A completed Zoom Phone call (`phone.callee|caller_call_history_completed`, or the legacy `*_call_log_completed`).
 * Keyed `call:<call_id>`: the caller's and the callee's event of an internal call are the same call.
 */
export const zoomCall = (event: string, object: unknown, ctx: ParseContext): CanonicalEvent => {
  const call = event.includes('call_history') ? fromHistory(object) : fromLegacyLog(object);
  const inbound = call.direction === 'inbound';
  const [external, firm] = inbound ? [call.caller, call.callee] : [call.callee, call.caller];
  const status = statusOf(call);
  const startedAt = instant(call.answeredAt ?? call.startedAt, ctx.receivedAt);
  const endedAt = instant(call.endedAt, new Date(startedAt));
  const span = call.answeredAt && call.endedAt ? Math.round((Date.parse(call.endedAt) - Date.parse(call.answeredAt)) / 1000) : undefined;
  const duration = status === 'completed' ? (call.talkSeconds ?? span) : undefined;
  return {
    ...base(ctx),
    providerEventId: `call:${call.callId}`,
    providerResourceId: call.callId,
    kind: 'call',
    direction: call.direction,
    external: externalParty(external.number, inbound ? external.name : undefined, ctx),
    firm: firmParty(firm.number, firm.extension, firm.userRef, ctx),
    occurredAt: endedAt,
    startedAt,
    endedAt,
    ...(duration === undefined ? {} : { durationSeconds: Math.max(0, Math.round(duration)) }),
    status,
    media: [],
  };
};
