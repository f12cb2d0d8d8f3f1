// How much of a tenant's Clio budget a burst of events gets: the simulator's limit time-compressed to
// 50 requests per 6 s (Clio: 50 per 60 s at peak), the phone index warm, matter association off (2 writes a call).
import { deliver, sign, twilioForm } from '../local/signers/index.js';
import { startLocalStack } from '../local/stack.js';
import { twilioDialParams } from '../local/twilio-example.js';

export interface RateBudgetResult {
  readonly events: number;
  readonly limit: number;
  readonly windowMs: number;
  readonly servedRequests: number;
  readonly refused429: number;
  readonly windows: number;
  /** Served requests over the budget of the windows the burst spanned. */
  readonly utilisation: number;
  readonly lost: number;
  readonly loggedTwice: number;
  readonly seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const measureRateBudget = async ({ events = 100, limit = 50, windowMs = 6000 } = {}): Promise<RateBudgetResult> => {
  const stack = await startLocalStack({
    clioSim: { rateLimit: { limit, windowMs } },
    phoneIndexSyncEveryMs: 0,
    tenantCacheTtlMs: 0,
    clioMaxWaitMs: windowMs + 1000,
  });
  try {
    const sim = stack.clioSim;
    if (!sim) throw new Error('the benchmark needs the simulator');
    // Prepare: 50 known callers, indexed; matter association off; the connected user cached.
    const callers = Array.from({ length: 50 }, (_, i) => `+1303555${String(2000 + i)}`);
    const contacts = callers.map((n, i) => ({
      id: 30_000 + i,
      type: 'Person',
      first_name: 'Caller',
      last_name: String(i),
      phone_numbers: [{ number: `(303) 555-${n.slice(-4)}`, name: 'Work' }],
    }));
    await fetch(`${sim.url}/__sim/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contacts }) });
    const adminCall = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.demo.adminKey}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    await adminCall('PATCH', '/v1/tenants/demo/settings', { matterAssociation: false });
    await adminCall('POST', '/v1/tenants/demo/clio/sync');
    const url = `${stack.url}/v1/tenants/demo/webhooks/twilio`;
    const post = (params: Record<string, string>) => deliver(sign('twilio', stack.demo.twilioAuthToken, { url, body: twilioForm(params) }));
    const warm = twilioDialParams({ CallSid: 'CAwarm', From: callers[0] ?? '' });
    await post(warm);
    while (!(await stack.adapters.outcomes.get('demo', 'twilio:call:CAwarm'))) await sleep(50);
    await sleep(windowMs + 200); // the burst starts in a fresh window
    const mark = sim.state().requests.length;

    // Act
    const run = Date.now().toString(16);
    const ids = Array.from({ length: events }, (_, i) => `CA${run}${String(i).padStart(4, '0')}`);
    const started = Date.now();
    await Promise.all(ids.map((sid, i) => post(twilioDialParams({ CallSid: sid, From: callers[i % callers.length] ?? '' }))));
    const deadline = started + 20 * windowMs * Math.ceil((events * 2) / limit);
    let recorded: number[] = [];
    for (;;) {
      const outcomes = await Promise.all(ids.map((sid) => stack.adapters.outcomes.get('demo', `twilio:call:${sid}`)));
      if (outcomes.every(Boolean) || Date.now() > deadline) {
        recorded = outcomes.flatMap((o) => (o ? [Date.parse(o.recordedAt)] : []));
        break;
      }
      await sleep(100);
    }
    const finished = Math.max(...recorded);

    // Assess
    const requests = sim.state().requests.slice(mark);
    const servedRequests = requests.filter((r) => r.status !== 429).length;
    const windows = Math.floor((finished - started) / windowMs) + 1;
    const communications = sim.state().communications;
    const perEvent = ids.map((sid) => communications.filter((c) => c.external_properties.some((p) => p.value === `twilio:call:${sid}`)).length);
    return {
      events,
      limit,
      windowMs,
      servedRequests,
      refused429: requests.length - servedRequests,
      windows,
      utilisation: servedRequests / (limit * windows),
      lost: events - recorded.length,
      loggedTwice: perEvent.filter((n) => n > 1).length,
      seconds: (finished - started) / 1000,
    };
  } finally {
    await stack.stop();
  }
};
