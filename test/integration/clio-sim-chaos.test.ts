import { readFileSync } from 'node:fs';
import type { ChaosConfig, ChaosKind, ChaosReport, ClioSim } from '../../local/clio-sim/server.js';
import { clioSimSeedSchema, startClioSimulator } from '../../local/clio-sim/server.js';
import type { SimClient } from '../../local/clio-sim/test-client.js';
import { dataOf, simClient } from '../../local/clio-sim/test-client.js';
import { pollUntil } from '../support/waits.js';

const seed = clioSimSeedSchema.parse(JSON.parse(readFileSync(new URL('../../local/fixtures/clio-demo.json', import.meta.url), 'utf8')));
const WHO = '/api/v4/users/who_am_i.json';
const COMMS = '/api/v4/communications.json';
const CALL = { type: 'PhoneCommunication', subject: 'Call with Jane Smith', body: 'Inbound call' };
const RUNS = 400;

describe('Clio simulator chaos', () => {
  let sim: ClioSim;
  let clio: SimClient;
  beforeAll(async () => {
    sim = await startClioSimulator({ seed, rateLimit: { limit: 1_000_000, windowMs: 60_000 } });
    clio = simClient(sim.url);
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await clio.control('/reset');
  });

  const postCall = (): Promise<number | 'no-response'> => clio.attempt(COMMS, { method: 'POST', body: JSON.stringify({ data: CALL }) });
  const setChaos = (body: unknown): Promise<number> => clio.control('/chaos', body).then((reply) => reply.status);
  const calls = (): number => sim.state().communications.length;
  /** Sends RUNS sequential requests under `config`; answers the indices of those chaos fired on. */
  const firedIndices = async (config: ChaosConfig, kind: ChaosKind): Promise<number[]> => {
    await clio.control('/reset');
    sim.setChaos(config);
    for (let i = 0; i < RUNS; i += 1) await clio.attempt(WHO);
    return sim.state().requests.flatMap((r, i) => (r.chaos === kind ? [i] : []));
  };

  it.each(['429', '500', '503', 'slow', 'drop', 'error-after-write'] as const)(
    'fires %s on about 10 %% of requests, on the same requests for the same seed',
    async (kind) => {
      // Prepare
      const config: ChaosConfig = { seed: 42, rules: [{ kind, rate: 0.1, delayMs: 1 }] };
      // Act
      const first = await firedIndices(config, kind);
      const second = await firedIndices(config, kind);
      // Assess
      expect(sim.state().requests).toHaveLength(RUNS);
      expect(second).toEqual(first);
      expect(Math.abs(first.length - RUNS * 0.1)).toBeLessThanOrEqual(20);
      expect(sim.chaosReport().fired[kind]).toBe(first.length);
    },
  );

  it('fires on other requests with another seed', async () => {
    // Act
    const one = await firedIndices({ seed: 1, rules: [{ kind: '500', rate: 0.1 }] }, '500');
    const two = await firedIndices({ seed: 2, rules: [{ kind: '500', rate: 0.1 }] }, '500');
    // Assess
    expect(two).not.toEqual(one);
  });

  it("affects only the rule's method and exact path", async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ method: 'POST', path: COMMS, kind: '500', rate: 1 }] });
    // Act
    const contact = JSON.stringify({ data: { type: 'Person', first_name: 'Ada', last_name: 'Park' } });
    const statuses = [await clio.attempt(COMMS), await clio.attempt('/api/v4/contacts.json', { method: 'POST', body: contact }), await postCall()];
    // Assess
    expect(statuses).toEqual([200, 201, 500]);
  });

  it('hits every /api/v4 path without a path, but never /__sim or /oauth', async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ kind: '503', rate: 1 }] });
    // Act
    const statuses = [await clio.attempt(WHO), await clio.attempt('/__sim/state'), await clio.attempt('/oauth/token', { method: 'POST', body: '{}' })];
    // Assess
    expect(statuses[0]).toBe(503);
    expect(statuses.slice(1)).not.toContain(503);
  });

  it('matches a prefix, upload paths included, when the path ends with *', async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ path: '/__uploads/*', kind: '503', rate: 1 }] });
    // Act
    const statuses = [await clio.attempt('/__uploads/any-uuid', { method: 'PUT', body: 'bytes' }), await clio.attempt(WHO)];
    // Assess
    expect(statuses).toEqual([503, 200]);
  });

  it('answers 429 with Retry-After and the rate-limit headers without serving', async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ kind: '429', rate: 1, retryAfterSeconds: 7 }] });
    // Act
    const reply = await clio.post(COMMS, { data: CALL });
    // Assess
    expect(reply).toMatchObject({ status: 429, body: { error: { type: 'RateLimited' } } });
    expect([reply.headers.get('retry-after'), reply.headers.get('x-ratelimit-remaining')]).toEqual(['7', '0']);
    expect(calls()).toBe(0);
  });

  it.each([
    [500, 'InternalServerError'],
    [503, 'ServiceUnavailable'],
  ] as const)("answers %i %s in Clio's error body without serving", async (status, type) => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ kind: String(status) as ChaosKind, rate: 1 }] });
    // Act
    const reply = await clio.post(COMMS, { data: CALL });
    // Assess
    expect(reply).toMatchObject({ status, body: { error: { type, message: expect.any(String) as string } } });
    expect(calls()).toBe(0);
  });

  it('serves a slow request only after delayMs', async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ kind: 'slow', rate: 1, delayMs: 300 }] });
    const started = Date.now();
    // Act
    const status = await clio.attempt(WHO);
    // Assess
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('lets a client time out on a slow write that still happens', async () => {
    // Prepare: the client gives up well after its request reached the simulator, well before it is served
    sim.setChaos({ seed: 1, rules: [{ kind: 'slow', rate: 1, delayMs: 3000 }] });
    // Act
    const timedOut = await clio.attempt(COMMS, { method: 'POST', body: JSON.stringify({ data: CALL }), signal: AbortSignal.timeout(1000) });
    // Assess
    expect(timedOut).toBe('no-response');
    expect(await pollUntil(calls, (written) => written > 0, 10_000, 50)).toBe(1);
  });

  it('drops the connection without serving and logs status 0', async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ kind: 'drop', rate: 1 }] });
    // Act
    const dropped = fetch(`${sim.url}${COMMS}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer demo-clio-access-token' },
      body: JSON.stringify({ data: CALL }),
    });
    // Assess
    await expect(dropped).rejects.toThrow('fetch failed');
    expect(calls()).toBe(0);
    expect(sim.state().requests).toMatchObject([{ method: 'POST', path: COMMS, status: 0, chaos: 'drop' }]);
  });

  it('creates the record on error-after-write yet answers 500', async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ kind: 'error-after-write', rate: 1 }] });
    // Act
    const status = await postCall();
    // Assess
    expect(status).toBe(500);
    expect(sim.state().communications).toMatchObject([{ subject: CALL.subject }]);
  });

  it('creates the record on error-after-write with dropConnection yet resets the connection', async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ kind: 'error-after-write', rate: 1, dropConnection: true }] });
    // Act
    const status = await postCall();
    // Assess
    expect(status).toBe('no-response');
    expect(calls()).toBe(1);
  });

  it('lets an armed fault win over chaos', async () => {
    // Prepare
    sim.setChaos({ seed: 1, rules: [{ kind: '500', rate: 1 }] });
    await clio.control('/faults', { path: WHO, status: 404 });
    // Act
    const statuses = [await clio.attempt(WHO), await clio.attempt(WHO)];
    // Assess
    expect(statuses).toEqual([404, 500]);
  });

  it('stops firing after DELETE /__sim/chaos', async () => {
    // Prepare
    expect(await setChaos({ seed: 1, rules: [{ kind: '500', rate: 1 }] })).toBe(201);
    // Act
    const deleted = (await fetch(`${sim.url}/__sim/chaos`, { method: 'DELETE' })).status;
    // Assess
    expect([deleted, await clio.attempt(WHO)]).toEqual([204, 200]);
    expect(dataOf<ChaosReport>(await clio.get('/__sim/chaos')).rules).toEqual([]);
  });

  it('counts draws and firings per rule and per kind', async () => {
    // Prepare
    await setChaos({
      seed: 7,
      rules: [
        { method: 'GET', kind: '429', rate: 0.25 },
        { kind: '503', rate: 0.25 },
        { path: COMMS, kind: 'drop', rate: 1 },
      ],
    });
    // Act
    for (let i = 0; i < 200; i += 1) await clio.attempt(WHO);
    // Assess
    const { rules, draws, fired } = dataOf<ChaosReport>(await clio.get('/__sim/chaos'));
    const logged = (kind: ChaosKind): number => sim.state().requests.filter((r) => r.chaos === kind).length;
    expect(draws).toBe(200);
    expect(rules.map((r) => r.fired)).toEqual([logged('429'), logged('503'), 0]);
    expect(fired).toMatchObject({ 429: logged('429'), 503: logged('503'), drop: 0 });
    expect(rules.slice(0, 2).map((r) => Math.abs(r.fired - 50) <= 25)).toEqual([true, true]);
  });

  it.each([
    ['a rate above 1', { seed: 1, rules: [{ kind: '500', rate: 1.5 }] }],
    ['an unknown kind', { seed: 1, rules: [{ kind: 'teapot', rate: 0.5 }] }],
    ['a path outside the API', { seed: 1, rules: [{ path: '/oauth/token', kind: '500', rate: 0.5 }] }],
    ['an unknown key', { seed: 1, rules: [{ kind: '500', rate: 0.5, probability: 1 }] }],
  ])('refuses %s with 400', async (_case, body) => {
    // Act
    const status = await setChaos(body);
    // Assess
    expect(status).toBe(400);
    expect(sim.chaosReport().rules).toEqual([]);
  });

  it('arms the chaos option at start, and POST /__sim/reset restores it', async () => {
    // Prepare
    const chaotic = await startClioSimulator({ seed, chaos: { seed: 3, rules: [{ kind: '503', rate: 1 }] } });
    chaotic.clearChaos();
    // Act
    await fetch(`${chaotic.url}/__sim/reset`, { method: 'POST' });
    const reply = await simClient(chaotic.url).get(WHO);
    await chaotic.stop();
    // Assess
    expect(reply.status).toBe(503);
  });
});
