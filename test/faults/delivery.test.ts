import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SAMPLE_FAX_PDF, startMediaServer } from '../../local/media-server.js';
import type { LocalStack } from '../../local/stack.js';
import { toE164 } from '../../shared/domain/phone.js';
import type { Outcome } from '../../shared/domain/outcome.js';
import { admin } from '../support/admin.js';
import { simState, startTestStack } from '../support/local-stack.js';
import { pool, prng, senders, type Kind, type PlannedEvent } from './traffic.js';

/**
 * Delivery guarantees under faults: thousands of events of every kind, each callback delivered three times in a
 * shuffled order, against a Clio that refuses, drops, slows and fails after writing, with processors that die
 * between their Clio writes and their outcome. `FAULT_EVENTS` sets the count (`npm run soak`: 10,000).
 */
const EVENTS = Number(process.env.FAULT_EVENTS ?? 2000);
const SEED = 20_261_126;
const MALFORMED = 5;
/**
 * Long enough for a call's callbacks, sent one after another with 15 other calls' at once, to arrive before it is
 * logged, even on a busy machine (a deployment waits 20 s); within the stack's 20 s visibility timeout.
 */
const SETTLE_SECONDS = 15;

// Per matching request; an event makes 2–6 requests, so roughly one attempt in eight meets a fault.
const CHAOS = [
  { kind: '429' as const, rate: 0.005, retryAfterSeconds: 1 },
  { kind: '503' as const, rate: 0.005 },
  { kind: '500' as const, rate: 0.005 },
  { kind: 'drop' as const, rate: 0.005 },
  { kind: 'slow' as const, rate: 0.01, delayMs: 200 },
  { kind: 'error-after-write' as const, method: 'POST', path: '/api/v4/communications.json', rate: 0.02 },
  { kind: 'error-after-write' as const, method: 'POST', path: '/api/v4/activities.json', rate: 0.02 },
  { kind: 'error-after-write' as const, method: 'POST', path: '/api/v4/contacts.json', rate: 0.05 },
  { kind: 'error-after-write' as const, method: 'PATCH', path: '/api/v4/documents/*', rate: 0.05 },
];

/**
 * Runs the checks; when they fail and the traffic broke the premise they rest on (every callback of a call arrives within
 * its settle), says so before what failed: a slow machine, not the product, may be the cause.
 */
const premised = async (broken: string | undefined, checks: () => Promise<void>): Promise<void> => {
  try {
    await checks();
  } catch (error) {
    if (broken === undefined) throw error;
    throw new Error(`Premise broken: ${broken}\n\n${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
};

describe(`delivery guarantees under faults (${EVENTS} events)`, () => {
  const random = prng(SEED);
  let stack: LocalStack;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  const known = Array.from({ length: 60 }, (_, i) => `+1303555${3000 + i}`);
  const unknown = Array.from({ length: 200 }, (_, i) => `+1720555${4000 + i}`);
  const burstNumber = '+17195550000';

  beforeAll(async () => {
    const crash = prng(SEED + 1);
    media = await startMediaServer({ '/fax.pdf': { body: SAMPLE_FAX_PDF, contentType: 'application/pdf' } });
    stack = await startTestStack({
      trustedMediaOrigins: [media.url],
      // Visibility well above any batch's processing time, as Lambda's (6 × its timeout): a message is never
      // handed to a second processor while the first still works on it.
      processors: 4,
      maxReceiveCount: 10,
      visibilityTimeoutSeconds: 20,
      retry: { baseSeconds: 1, capSeconds: 2 },
      phoneIndexSyncEveryMs: 0,
      callSettleSeconds: SETTLE_SECONDS,
      crashBeforeOutcome: () => crash() < 0.01,
      // Beyond its fair share within seconds, never refused: the firm's events take both lanes, and one number's
      // events may be processed side by side (docs/fairness.md), which must still create its contact once.
      fairness: { windowSeconds: 10, fairShare: 20, ceiling: 1_000_000 },
      clioSim: { rateLimit: { limit: 100_000, windowMs: 1000 }, chaos: { seed: SEED, rules: CHAOS } },
    });
    const formats = [
      (n: string) => `(${n.slice(2, 5)}) ${n.slice(5, 8)}-${n.slice(8)}`,
      (n: string) => `${n.slice(2, 5)}.${n.slice(5, 8)}.${n.slice(8)}`,
      (n: string) => n,
    ];
    const contacts = known.map((n, i) => ({
      id: 40_000 + i,
      type: 'Person',
      first_name: 'Known',
      last_name: String(i),
      phone_numbers: [{ number: formats[i % 3]?.(n) ?? n, name: 'Work' }],
    }));
    stack.clioSim?.clearChaos();
    await fetch(`${stack.clioUrl}/__sim/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contacts }) });
    await admin(stack, 'POST', '/v1/tenants/demo/clio/sync', 'demo-admin-key');
    stack.clioSim?.setChaos({ seed: SEED, rules: CHAOS });
  }, 60_000);
  afterAll(async () => {
    await media.stop();
    await stack.stop();
  });

  it(
    'gives every accepted event exactly one outcome and writes each record to Clio exactly once',
    async () => {
      // Prepare: the traffic, every callback three times
      const send = senders(stack, media.url);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
      const kindOf = (r: number): Kind =>
        r < 0.45 ? 'call' : r < 0.55 ? 'missed' : r < 0.72 ? 'sms' : r < 0.82 ? 'fax' : r < 0.87 ? 'voicemail' : 'telnyx-call';
      const planned: PlannedEvent[] = Array.from({ length: EVENTS - 40 }, (_, n) => {
        const isKnown = random() < 0.35;
        return { ...send(kindOf(random()), n, pick(isKnown ? known : unknown)), known: isKnown };
      });
      const burst = Array.from({ length: 40 }, (_, n) => ({ ...send('call', EVENTS + n, burstNumber), known: false }));
      // A provider sends one call's callbacks together, in any order, and retries them later: each event's callbacks
      // are sent as a group in a shuffled order (groups shuffled, 16 at a time), then every callback twice more,
      // all shuffled. Late duplicates cannot change a call; callbacks that decide it come within its settle time.
      const shuffled = <T>(list: readonly T[]): T[] => {
        const copy = [...list];
        for (let i = copy.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
        }
        return copy;
      };
      const groups = shuffled([...planned, ...burst]).map((e) => ({ eventId: e.eventId, callbacks: shuffled(e.callbacks) }));
      const redeliveries = shuffled([...planned, ...burst].flatMap((e) => e.callbacks.flatMap((c) => [c, c])));
      const events = [...planned, ...burst];

      // Act: deliver; the burst for one new number at once; then a few messages no processor can read
      const late: string[] = [];
      const answers = (
        await pool(
          groups.map((group) => async () => {
            const statuses: number[] = [];
            const started = Date.now();
            for (const callback of group.callbacks) statuses.push((await callback()).status);
            const took = Date.now() - started;
            if (took > SETTLE_SECONDS * 1000) late.push(`${group.eventId} (${took} ms)`);
            return statuses;
          }),
          16,
        )
      ).flat();
      answers.push(
        ...(await pool(
          redeliveries.map((d) => async () => (await d()).status),
          16,
        )),
      );
      for (let i = 0; i < MALFORMED; i++) {
        await stack.sqs.send(
          new SendMessageCommand({
            QueueUrl: stack.queueUrl,
            MessageBody: `{"not":"an event ${i}"}`,
            MessageGroupId: `malformed-${i}`,
            MessageDeduplicationId: `malformed-${i}`,
          }),
        );
      }
      const outcomes = new Map<string, Outcome>();
      const deadline = Date.now() + 12 * 60_000;
      while (outcomes.size < events.length && Date.now() < deadline) {
        const waiting = events.filter((e) => !outcomes.has(e.eventId));
        await pool(
          waiting.map((e) => async () => {
            const outcome = await stack.adapters.outcomes.get('demo', e.eventId);
            if (outcome) outcomes.set(e.eventId, outcome);
          }),
          16,
        );
        if (outcomes.size < events.length) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      const state = simState(stack);

      // Assess: every callback accepted, every event one outcome, all logged (what a failure means, if the premise broke)
      await premised(
        late.length === 0 ? undefined : `${late.length} calls' callbacks took longer than the settle to send: ${late.slice(0, 5).join(', ')}`,
        async () => {
          expect(answers.filter((s) => s >= 300)).toEqual([]);
          expect(events.filter((e) => !outcomes.has(e.eventId)).map((e) => e.eventId)).toEqual([]);
          expect([...outcomes.values()].filter((o) => o.status !== 'logged').map((o) => `${o.eventId}: ${o.status} ${o.reason ?? ''}`)).toEqual([]);
          // one Communication per logged event; one time entry per logged call; one document per logged fax with a home
          const byEvent = new Map<string, number[]>();
          for (const c of state.communications) for (const p of c.external_properties) byEvent.set(p.value, [...(byEvent.get(p.value) ?? []), c.id]);
          expect(events.filter((e) => (byEvent.get(e.eventId) ?? []).length !== 1).map((e) => `${e.eventId}: ${byEvent.get(e.eventId)?.length ?? 0}`)).toEqual(
            [],
          );
          const entries = new Map<number, number>();
          for (const a of state.activities) if (a.communication) entries.set(a.communication.id, (entries.get(a.communication.id) ?? 0) + 1);
          for (const e of events) {
            const outcome = outcomes.get(e.eventId);
            const communication = byEvent.get(e.eventId)?.[0] ?? -1;
            expect(`${e.eventId}: ${entries.get(communication) ?? 0}`).toBe(`${e.eventId}: ${e.kind === 'call' || e.kind === 'telnyx-call' ? 1 : 0}`);
            const documents = state.documents.filter(
              (d) => d.versions.some((v) => v.fully_uploaded) && (d.external_properties ?? []).some((p) => p.value === e.eventId),
            );
            expect(`${e.eventId}: ${documents.length}`).toBe(`${e.eventId}: ${e.kind === 'fax' && outcome?.clio.documentId !== undefined ? 1 : 0}`);
            if (e.kind === 'fax' && e.known) expect(outcome?.clio.documentId).toBeDefined();
          }
          // no duplicate contacts: each number belongs to at most one contact
          const owners = new Map<string, number>();
          for (const c of state.contacts)
            for (const p of c.phone_numbers) {
              const e164 = toE164(p.number, 'US');
              if (e164) owners.set(e164, (owners.get(e164) ?? 0) + 1);
            }
          expect([...owners].filter(([, n]) => n > 1)).toEqual([]);
          expect(owners.get(burstNumber)).toBe(1);
          // the DLQ holds only what no processor could ever read
          const { Attributes } = await stack.sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: stack.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
          );
          const { Messages = [] } = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.dlqUrl, MaxNumberOfMessages: 10 }));
          expect(Number(Attributes?.ApproximateNumberOfMessages)).toBeLessThanOrEqual(MALFORMED);
          expect(Messages.every((m) => m.Body?.startsWith('{"not":"an event'))).toBe(true);
          // and the faults did happen
          const fired = stack.clioSim?.chaosReport().fired ?? {};
          expect(Object.values(fired as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThan(EVENTS / 20);
        },
      );
    },
    15 * 60_000,
  );
});
