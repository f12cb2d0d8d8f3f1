// End to end: signed callbacks in, Clio records and outcomes out, against a simulator that answers at once and
// never rate-limits, so the figure is the product's own pace (ingest, queue, processor, DynamoDB, Clio client).
// `e2e-scale.ts` runs many firms at once against a Clio that answers and limits as the real one does.
import { randomBytes } from 'node:crypto';
import { UNLIMITED_FAIRNESS } from './stats.js';
import { startLocalStack, type LocalStack } from '../local/stack.js';
import { sign, twilioForm } from '../local/signers/index.js';
import { twilioDialParams } from '../local/twilio-example.js';
import { runLoad, type PreparedRequest } from './http-load.js';

export interface EndToEndFigures {
  readonly events: number;
  readonly distinctNumbers: number;
  /** From the first post to the last outcome recorded. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Outcomes by status (all `logged` unless something went wrong). */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Events with no outcome when the run gave up. */
  readonly missing: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const signedCall = (stack: LocalStack, callSid: string, from: string): PreparedRequest => {
  const path = '/v1/tenants/demo/webhooks/twilio';
  // The Dial result of a call a lawyer answered: it decides the call, which is logged without waiting to settle.
  const params = twilioDialParams({ CallSid: callSid, From: from });
  const signed = sign('twilio', stack.demo.twilioAuthToken, { url: `${stack.config.publicBaseUrl}${path}`, body: twilioForm(params) });
  return { path, headers: { ...signed.headers }, body: signed.body.toString('utf8') };
};

/** Waits for every event's outcome (polling a few at a time, oldest first); answers the outcomes found. */
const outcomesOf = async (stack: LocalStack, eventIds: readonly string[], timeoutMs: number) => {
  const found = new Map<string, { status: string; recordedAt: number }>();
  let pending = [...eventIds];
  for (const deadline = Date.now() + timeoutMs; pending.length > 0 && Date.now() < deadline; await sleep(200)) {
    const batch = pending.slice(0, 20);
    const outcomes = await Promise.all(batch.map((id) => stack.adapters.outcomes.get('demo', id)));
    outcomes.forEach((o, i) => {
      if (o) found.set(batch[i] ?? '', { status: o.status, recordedAt: Date.parse(o.recordedAt) });
    });
    pending = pending.filter((id) => !found.has(id));
  }
  return found;
};

/** Posts `events` completed calls, each from its own unknown number (a contact is created for each), and times them. */
export const measureEndToEnd = async ({ events = 1000, concurrency = 8 } = {}): Promise<EndToEndFigures> => {
  const stack = await startLocalStack({
    fairness: UNLIMITED_FAIRNESS,
    phoneIndexSyncEveryMs: 0,
    clioSim: { latencyMs: 0, rateLimit: { limit: 1_000_000, windowMs: 60_000 } },
  });
  try {
    const run = randomBytes(4).toString('hex');
    const warmup = signedCall(stack, `CA${run}${'f'.repeat(24)}`, '+17205559999');
    await runLoad(stack.url, [warmup], 1);
    await outcomesOf(stack, [`twilio:call:CA${run}${'f'.repeat(24)}`], 30_000);

    const sids = Array.from({ length: events }, (_, i) => `CA${run}${String(i).padStart(24, '0')}`);
    const requests = sids.map((sid, i) => signedCall(stack, sid, `+1720555${String(1000 + i).padStart(4, '0')}`));
    const started = Date.now();
    const posted = await runLoad(stack.url, requests, concurrency);
    if (posted.failures > 0) throw new Error(`${posted.failures} callbacks were not acknowledged`);
    // Generous: on a shared machine the processor can take minutes; an event still missing then is reported as missing.
    const found = await outcomesOf(
      stack,
      sids.map((sid) => `twilio:call:${sid}`),
      300_000,
    );
    const last = Math.max(...[...found.values()].map((o) => o.recordedAt));
    const outcomes: Record<string, number> = {};
    for (const { status } of found.values()) outcomes[status] = (outcomes[status] ?? 0) + 1;
    return {
      events,
      distinctNumbers: new Set(requests.map((r) => new URLSearchParams(r.body).get('From'))).size,
      seconds: (last - started) / 1000,
      eventsPerSecond: found.size / ((last - started) / 1000),
      outcomes,
      missing: events - found.size,
    };
  } finally {
    await stack.stop();
  }
};
