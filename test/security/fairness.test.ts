import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { windowOf } from '../../shared/domain/fairness.js';
import type { LocalStack } from '../../local/stack.js';
import { postGeneric } from '../support/generic.js';
import { communicationsFor, emulatorDocuments, startTestStack, waitForOutcome } from '../support/local-stack.js';

const FLOOD = 'flooding-firm';
// A window longer than the test: every count below falls in one window.
const POLICY = { windowSeconds: 600, fairShare: 10, ceiling: 60 };

let sequence = 0;
/** An SMS from a number of its own (a queue group of its own, as a flood from many numbers has). */
const anSms = (label: string) => ({
  providerEventId: `${label}-${Date.now()}-${sequence++}`,
  providerResourceId: `${label}-${sequence}`,
  kind: 'sms',
  direction: 'inbound',
  external: { raw: `+1415555${String(2000 + sequence).padStart(4, '0')}` },
  firm: { e164: '+14155550199' },
  occurredAt: new Date().toISOString(),
  status: 'received',
  text: `Message ${sequence}`,
});

/** Sends every event, `parallel` at a time, and answers each one's response. */
const sendAll = async (stack: LocalStack, tenantId: string, events: readonly ReturnType<typeof anSms>[], parallel = 25): Promise<Response[]> => {
  const responses: Response[] = [];
  for (let i = 0; i < events.length; i += parallel) {
    responses.push(...(await Promise.all(events.slice(i, i + parallel).map((event) => postGeneric(stack, event, { tenantId })))));
  }
  return responses;
};

/** Waits, if need be, until the counting window has a minute left at least: the flood is counted in one window. */
const oneWindowAhead = async (): Promise<number> => {
  const left = windowOf(new Date(), POLICY) + POLICY.windowSeconds - Date.now() / 1000;
  if (left < 60) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
  return windowOf(new Date(), POLICY);
};

/** What the admission counter of a tenant holds for a window. */
const countedIn = async (stack: LocalStack, tenantId: string, window: number): Promise<number> => {
  const client = emulatorDocuments(stack);
  const { Item } = await client.send(new GetCommand({ TableName: stack.config.idempotencyTable, Key: { id: `admission#${tenantId}#${window}` } }));
  client.destroy();
  return Number(Item?.callbacks ?? 0);
};

describe("one tenant's flood", () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack({ fairness: POLICY });
    await stack.adapters.tenants.put({ id: FLOOD, name: 'Flooding LLP', clioRegion: 'US', settings: {} });
    await stack.adapters.secrets.putProviderSecret(FLOOD, 'generic', stack.demo.webhookSecret);
    await stack.adapters.secrets.putClioTokens(FLOOD, { accessToken: stack.demo.clioAccessToken });
  });
  afterAll(() => stack.stop());

  it("leaves another tenant's callbacks answered and logged first, and loses none of its own that it was told were accepted", async () => {
    // Prepare: 80 signed callbacks of one tenant, beyond its fair share (10) and its ceiling (60)
    const flood = Array.from({ length: 80 }, () => anSms('flood'));
    const quiet = Array.from({ length: 3 }, () => anSms('quiet'));
    const window = await oneWindowAhead();
    // Act: the flood, then the other tenant's callbacks behind it
    const floodAnswers = await sendAll(stack, FLOOD, flood);
    const quietAnswers = await sendAll(stack, 'demo', quiet);
    const quietOutcomes = await Promise.all(quiet.map((event) => waitForOutcome(stack, 'demo', `generic:${event.providerEventId}`, 60_000)));
    const floodDoneMeanwhile = (await Promise.all(flood.map((event) => stack.adapters.outcomes.get(FLOOD, `generic:${event.providerEventId}`)))).filter(
      Boolean,
    ).length;
    // Assess: the other tenant was answered and logged while the flood still waited behind itself. (With one lane,
    // its events waited behind about 58 of the flood's 60 here; with the overflow lane, behind about 23.)
    expect(quietAnswers.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(quietOutcomes.map((o) => o.status)).toEqual(['logged', 'logged', 'logged']);
    expect(floodDoneMeanwhile).toBeLessThan(40);
    // The flood beyond its ceiling was refused with a time to come back, before anything of it was kept; each
    // callback counted once (the emulators' answers are waited for, never sent twice: docs/delivery.md)
    const statuses = floodAnswers.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expect(await countedIn(stack, FLOOD, window)).toBe(80);
    const refused = floodAnswers.find((r) => r.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused?.json()).toMatchObject({ error: { code: 'tenant_rate_limited' } });
    // What was accepted is logged once each, in its time; what was refused left no trace
    const accepted = flood.filter((_, i) => statuses[i] === 202);
    const outcomes = await Promise.all(accepted.map((event) => waitForOutcome(stack, FLOOD, `generic:${event.providerEventId}`, 120_000)));
    expect(outcomes.every((o) => o.status === 'logged')).toBe(true);
    expect(accepted.every((event) => communicationsFor(stack, `generic:${event.providerEventId}`).length === 1)).toBe(true);
    const ignored = flood.filter((_, i) => statuses[i] === 429);
    expect((await Promise.all(ignored.map((event) => stack.adapters.outcomes.get(FLOOD, `generic:${event.providerEventId}`)))).filter(Boolean)).toHaveLength(0);
  }, 240_000);
});
