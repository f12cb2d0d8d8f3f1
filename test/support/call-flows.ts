import { readFileSync } from 'node:fs';
import { loadDemoClioSeed, type LocalStack, type LocalStackOptions } from '../../local/stack.js';
import type { Outcome } from '../../shared/domain/outcome.js';
import { simState, startTestStack, waitForOutcome } from './local-stack.js';
import { postSigned, signAs, type JsonProvider } from './provider-signing.js';
import { sleep } from './waits.js';

/** A call as a provider reports it: the callbacks of one real call, from `test/fixtures/providers/<provider>/flow-*.json`. */
export interface CallFlow<T> {
  readonly source: readonly string[];
  readonly what: string;
  readonly callbacks: readonly T[];
  readonly message?: Record<string, string>;
}

let sequence = 0;
const hex = (width: number): string => `${Date.now().toString(16)}${(sequence++).toString(16).padStart(4, '0')}`.padStart(width, '0');

const uuid = (): string => {
  const h = hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
};
const digits = (): string => `${Date.now()}${String(sequence++ % 10_000).padStart(4, '0')}`;

/** Fresh ids for one telling of a flow (the stack remembers provider ids for 72 hours). */
export const flowIds = () => ({
  CALL: `CA${hex(32)}`,
  CHILD: `CA${hex(32)}`,
  REC: `RE${hex(32)}`,
  MSG: `SM${hex(32)}`,
  ACCOUNT: 'AC0123456789abcdef0123456789abcdef',
  SESSION: `428c31b6-${hex(12)}`,
  LEG_A: `leg-a-${hex(12)}`,
  LEG_B: `leg-b-${hex(12)}`,
  RUN: hex(16),
  /** UUID-shaped ids (Vonage's uuid and conversation_uuid, message ids). */
  UUID_A: uuid(),
  UUID_B: uuid(),
  UUID_C: uuid(),
  UUID_D: uuid(),
  /** Decimal ids of 17 digits (Dialpad's call ids, RingCentral's message ids). */
  NUM_A: digits(),
  NUM_B: digits(),
  NUM_C: digits(),
  NUM_D: digits(),
});
export type FlowIds = ReturnType<typeof flowIds>;

/** The flow with its `{PLACEHOLDERS}` filled in. */
export const loadFlow = <T>(provider: string, name: string, ids: FlowIds, webhook: string): CallFlow<T> => {
  const text = readFileSync(new URL(`../fixtures/providers/${provider}/${name}.json`, import.meta.url), 'utf8')
    .replaceAll(/\{([A-Z_]+)\}/g, (whole, key: string) => (Object.hasOwn(ids, key) ? ids[key as keyof FlowIds] : whole))
    .replaceAll('{webhook}', webhook);
  return JSON.parse(text) as CallFlow<T>;
};

/** The orders a flow is told in: as documented, and backwards with every callback sent twice. */
export const ARRIVAL_ORDERS = {
  documented: <T>(callbacks: readonly T[]): T[] => [...callbacks],
  'reversed, each twice': <T>(callbacks: readonly T[]): T[] => [...callbacks].reverse().flatMap((c) => [c, c]),
  'interleaved duplicates': <T>(callbacks: readonly T[]): T[] => [
    ...callbacks.filter((_, i) => i % 2 === 1),
    ...callbacks,
    ...callbacks.filter((_, i) => i % 2 === 0),
  ],
} as const;

/** What one real call must become in Clio: exactly one Communication, and a time entry only for talk time. */
export interface Truth {
  readonly kind: 'call' | 'voicemail' | 'sms' | 'fax';
  readonly direction: 'inbound' | 'outbound';
  /** The event's status; an SMS is logged with whichever of its statuses arrived first. */
  readonly status: string | RegExp;
  readonly subject: RegExp;
  /** Talk time, in the Communication and its time entry; absent: no time entry. */
  readonly talkSeconds?: number;
  readonly userId: number;
  readonly body?: RegExp;
  /** The contact the log is linked to. @default 1001 (Jane Smith of the demo seed) */
  readonly contactId?: number;
}

/** A call flow fixture and what it must become. */
export interface Flow {
  readonly name: string;
  readonly eventId: (ids: FlowIds) => string;
  readonly truth: Truth;
}

const settleMs = (stack: LocalStack): number => (stack.config.callSettleSeconds ?? 1) * 1000;

/**
 * How long the flow stacks' calls settle: long enough for a telling of a few dozen callbacks, sent one after another,
 * to arrive before the call it describes is logged, even on a busy machine (a deployment waits 20 s).
 */
export const FLOW_SETTLE_SECONDS = 3;
/** How long `tell` waits for an event's outcome: a call may wait several settles for what is on its way (a voicemail, the member who answered). */
export const outcomeWaitMs = (stack: LocalStack): number => 15_000 + 6 * settleMs(stack);
/**
 * A test's time for one telling at FLOW_SETTLE_SECONDS: `tell` alone may wait 33 s for the outcome and one settle more
 * after it, besides the posts, past Jest's 30 s default.
 */
export const TELLING_TIMEOUT_MS = 90_000;
type Written = ReturnType<typeof simState>['communications'];

/** Telling a flow to a running stack, and checking that what Clio got is the truth. */
export const flowChecker = (stack: () => LocalStack) => ({
  /** Posts every callback of the telling, waits for the event's outcome and for anything else to settle. */
  tell: async (post: () => Promise<Response[]>, eventId: string): Promise<{ outcome: Outcome; written: Written }> => {
    const before = simState(stack()).communications.length;
    const answers = await post();
    for (const answer of answers) expect({ status: answer.status, ok: answer.ok }).toMatchObject({ ok: true });
    const outcome = await waitForOutcome(stack(), 'demo', eventId, outcomeWaitMs(stack()));
    // A second log, had one been queued, would have settled and been processed by now.
    await sleep(settleMs(stack()) + 500);
    return { outcome, written: simState(stack()).communications.slice(before) };
  },

  expectTruth: (outcome: Outcome, written: Written, truth: Truth): void => {
    expect(outcome).toMatchObject({
      status: 'logged',
      kind: truth.kind,
      direction: truth.direction,
      event: { status: typeof truth.status === 'string' ? truth.status : (expect.stringMatching(truth.status) as string) },
      clio: { contactId: truth.contactId ?? 1001, userId: truth.userId },
    });
    expect(written).toHaveLength(1);
    const [communication] = written;
    expect(communication?.id).toBe(outcome.clio.communicationId);
    expect(communication?.subject).toMatch(truth.subject);
    if (truth.body) expect(communication?.body).toMatch(truth.body);
    // The lawyer's own cell is never a party.
    expect(communication?.body).not.toContain('555-0142');
    const user = { id: truth.userId, type: 'User' };
    expect(truth.direction === 'outbound' ? communication?.senders : communication?.receivers).toEqual([user]);
    if (truth.talkSeconds === undefined) {
      expect(outcome.clio.activityId).toBeUndefined();
      expect(outcome.event.kind === 'call' ? communication?.body : '').not.toMatch(/^Duration:/m);
    } else {
      expect(outcome.event.durationSeconds).toBe(truth.talkSeconds);
      expect(simState(stack()).activities.find((a) => a.id === outcome.clio.activityId)).toMatchObject({
        quantity: truth.talkSeconds,
        communication: { id: outcome.clio.communicationId },
      });
    }
  },
});

/** A second Clio user: the lawyer the flows' firm user Beth is mapped to, distinct from the connected user (345). */
export const BETH = 346;

/**
 * A test stack whose Clio knows Beth besides the connected user, and whose demo firm maps to her the names its phone
 * system gives her (an e-mail, an extension, a user id, her cell).
 */
export const startFlowStack = async (bethIs: readonly string[], options: LocalStackOptions = {}): Promise<LocalStack> => {
  const seed = loadDemoClioSeed();
  const users = seed.users ?? [];
  const beth = users.slice(0, 1).map((u) => ({ ...u, id: BETH, name: 'Beth Partner', first_name: 'Beth', last_name: 'Partner', email: 'beth@firm.example' }));
  const stack = await startTestStack({
    callSettleSeconds: FLOW_SETTLE_SECONDS,
    ...options,
    clioSim: { rateLimit: { limit: 10_000, windowMs: 60_000 }, seed: { ...seed, users: [...users, ...beth] } },
  });
  const mapped = await fetch(`${stack.url}/v1/tenants/demo/user-mappings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.demo.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(Object.fromEntries(bethIs.map((key) => [key, BETH]))),
  });
  expect(mapped.status).toBeLessThan(300);
  return stack;
};

/** Posts callbacks one after another, each signed as its provider signs it; the answers, in order. */
export const sendSigned =
  (stack: LocalStack, provider: JsonProvider, callbacks: readonly unknown[], tenantId = 'demo') =>
  async (): Promise<Response[]> => {
    const answers: Response[] = [];
    for (const callback of callbacks) answers.push(await postSigned(stack, provider, signAs(stack, provider, callback), tenantId));
    return answers;
  };
