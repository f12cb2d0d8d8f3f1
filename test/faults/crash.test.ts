import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliver, sign, twilioForm } from '../../local/signers/index.js';
import { startClioSimulator, type ClioSim } from '../../local/clio-sim/server.js';
import { loadDemoClioSeed } from '../../local/stack.js';
import { twilioCallParams, twilioDialParams } from '../../local/twilio-example.js';
import { toE164 } from '../../shared/domain/phone.js';
import { pool, prng } from './traffic.js';

/**
 * A real crash: `npm start` (every process of the local stack: API, processor, DynamoDB and SQS emulators) is
 * SIGKILLed in the middle of a burst while Clio answers some writes with an error after doing them; it is started
 * again on the same data folder, every callback that was not answered 2xx is sent again and some answered ones are
 * redelivered, as providers do. Every event must end with one outcome and one Communication, every answered call
 * with one time entry, and no number may belong to two contacts. `CRASH_EVENTS` sets the burst (`npm run soak`: 600).
 */
const EVENTS = Number(process.env.CRASH_EVENTS ?? 120);
const SEED = 20_261_130;
/**
 * Calls settle for long enough that both callbacks of a call resent after the restart, side by side with others, arrive
 * before it is logged, even on a busy machine: a status callback alone does not decide a call, its Dial result does.
 */
const SETTLE_SECONDS = 10;
const TOKEN = 'demo-twilio-token';
const ADMIN = 'demo-admin-key';

const CHAOS = [
  { kind: 'error-after-write' as const, method: 'POST', path: '/api/v4/communications.json', rate: 0.08 },
  { kind: 'error-after-write' as const, method: 'POST', path: '/api/v4/activities.json', rate: 0.08 },
  { kind: 'error-after-write' as const, method: 'POST', path: '/api/v4/contacts.json', rate: 0.1 },
];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

type Kind = 'answered' | 'missed' | 'sms';
interface Planned {
  readonly eventId: string;
  readonly kind: Kind;
  readonly from: string;
  readonly callbacks: readonly Record<string, string>[];
}

describe(`a real crash of the local stack (${EVENTS} events)`, () => {
  const random = prng(SEED);
  const dataDir = mkdtempSync(join(tmpdir(), 'call-connector-crash-'));
  let sim: ClioSim;
  let port: number;
  let child: ChildProcess | undefined;
  let output = '';

  const start = async (): Promise<void> => {
    child = spawn('node_modules/.bin/tsx', ['local/start.ts'], {
      // Its own process group: a SIGKILL to the group ends every process of the stack at once.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        CLIO_BASE_URL: sim.url,
        CALL_SETTLE_SECONDS: String(SETTLE_SECONDS),
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const ready = await fetch(`http://127.0.0.1:${port}/v1/tenants/demo/settings`, { headers: { authorization: `Bearer ${ADMIN}` } }).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The local stack did not start:\n${output}`);
  };
  const killAll = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running?.pid || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    process.kill(-running.pid, signal);
    await exited;
  };

  beforeAll(async () => {
    port = await freePort();
    const seed = loadDemoClioSeed();
    sim = await startClioSimulator({
      seed: { ...seed, tokens: [...(seed.tokens ?? []), { access_token: 'demo-clio-access-token', refresh_token: 'demo-clio-refresh-token', user_id: 345 }] },
      rateLimit: { limit: 100_000, windowMs: 1000 },
      chaos: { seed: SEED, rules: CHAOS },
    });
    await start();
  }, 90_000);
  afterAll(async () => {
    await killAll('SIGKILL');
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'loses nothing and logs nothing twice when every process dies in the middle of a burst',
    async () => {
      // Prepare: calls answered and missed through the firm's Dial, and SMS, from numbers Clio knows and new ones
      const url = `http://127.0.0.1:${port}/v1/tenants/demo/webhooks/twilio`;
      const numbers = [...Array.from({ length: 30 }, (_, i) => `+1720555${5000 + i}`), '+14155550100', '+14375551234'];
      const run = Date.now().toString(16);
      const planned: Planned[] = Array.from({ length: EVENTS }, (_, n) => {
        const from = numbers[Math.floor(random() * numbers.length)] ?? '+14155550100';
        const r = random();
        const kind: Kind = r < 0.6 ? 'answered' : r < 0.8 ? 'missed' : 'sms';
        const sid = `${run}${n.toString(16)}`.padStart(32, '0');
        if (kind === 'sms') {
          return {
            eventId: `twilio:message:SM${sid}`,
            kind,
            from,
            callbacks: [
              {
                AccountSid: 'AC00000000000000000000000000000000',
                MessageSid: `SM${sid}`,
                SmsSid: `SM${sid}`,
                SmsStatus: 'received',
                From: from,
                To: '+14155550199',
                Body: `Message ${n}`,
                NumMedia: '0',
              },
            ],
          };
        }
        const call = { CallSid: `CA${sid}`, From: from };
        const dial = twilioDialParams({
          ...call,
          ...(kind === 'missed' ? { DialCallStatus: 'no-answer', DialCallDuration: '0' } : { DialCallDuration: String(20 + n) }),
        });
        return {
          eventId: `twilio:call:CA${sid}`,
          kind,
          from,
          callbacks: [dial, twilioCallParams({ ...call, CallDuration: String(kind === 'missed' ? 27 : 26 + n) })],
        };
      });
      const answered = new Set<Record<string, string>>();
      const post = async (params: Record<string, string>): Promise<void> => {
        const ok = await deliver(sign('twilio', TOKEN, { url, body: twilioForm(params) })).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) answered.add(params);
      };
      const send = (events: readonly Planned[]) =>
        pool(
          events.map((e) => async () => {
            for (const params of e.callbacks) await post(params);
          }),
          8,
        );
      const crashAt = Math.floor(EVENTS * 0.4);

      // Act: the first 40 % sent, then SIGKILL to every process while the next ones are in flight
      await send(planned.slice(0, crashAt));
      const inFlight = send(planned.slice(crashAt, crashAt + 16));
      await new Promise((resolve) => setTimeout(resolve, 150));
      await killAll('SIGKILL');
      await inFlight;
      // The same data folder; the providers retry what we did not answer 2xx, and redeliver some of what we did
      await start();
      const unanswered = planned.slice(0, crashAt + 16).flatMap((e) => e.callbacks.filter((c) => !answered.has(c)));
      const redelivered = planned.slice(0, crashAt + 16).flatMap((e) => e.callbacks.filter((c) => answered.has(c) && random() < 0.2));
      await pool(
        [...unanswered, ...redelivered].map((c) => () => post(c)),
        8,
      );
      await send(planned.slice(crashAt + 16));

      // Every callback answered in the end; wait for every outcome
      const outcomes = new Map<string, { status: string }>();
      for (const deadline = Date.now() + 240_000; outcomes.size < planned.length && Date.now() < deadline;) {
        outcomes.clear();
        let cursor: string | null = null;
        do {
          const page = await fetch(`http://127.0.0.1:${port}/v1/tenants/demo/outcomes?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
            headers: { authorization: `Bearer ${ADMIN}` },
          });
          const body = (await page.json()) as { data: { eventId: string; status: string }[]; nextCursor: string | null };
          for (const o of body.data) outcomes.set(o.eventId, o);
          cursor = body.nextCursor;
        } while (cursor);
        if (outcomes.size < planned.length) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      // Redelivered and retried events settle and are looked at again: give them the time to show a duplicate
      await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000 + 3000));
      const state = sim.state();

      // Assess
      expect(unanswered.length).toBeGreaterThan(0);
      expect(planned.flatMap((e) => e.callbacks).filter((c) => !answered.has(c))).toEqual([]);
      expect(planned.length).toBe(EVENTS);
      expect(
        planned.filter((e) => outcomes.get(e.eventId)?.status !== 'logged').map((e) => `${e.eventId}: ${outcomes.get(e.eventId)?.status ?? 'none'}`),
      ).toEqual([]);
      const byEvent = new Map<string, number[]>();
      for (const c of state.communications) for (const p of c.external_properties) byEvent.set(p.value, [...(byEvent.get(p.value) ?? []), c.id]);
      expect(planned.filter((e) => byEvent.get(e.eventId)?.length !== 1).map((e) => `${e.eventId}: ${byEvent.get(e.eventId)?.length ?? 0}`)).toEqual([]);
      const entries = new Map<number, number>();
      for (const a of state.activities) if (a.communication) entries.set(a.communication.id, (entries.get(a.communication.id) ?? 0) + 1);
      expect(planned.map((e) => `${e.eventId}: ${entries.get(byEvent.get(e.eventId)?.[0] ?? -1) ?? 0}`)).toEqual(
        planned.map((e) => `${e.eventId}: ${e.kind === 'answered' ? 1 : 0}`),
      );
      const owners = new Map<string, Set<number>>();
      for (const contact of state.contacts) {
        for (const phone of contact.phone_numbers) {
          const e164 = toE164(phone.number, 'US');
          if (e164) owners.set(e164, new Set([...(owners.get(e164) ?? []), contact.id]));
        }
      }
      expect([...owners].filter(([, ids]) => ids.size > 1).map(([n, ids]) => `${n}: ${[...ids].join(', ')}`)).toEqual([]);
    },
    // Two starts (60 s each at most), the sends, the wait for outcomes (240 s) and for duplicates (13 s)
    Math.max(420_000, EVENTS * 2_000),
  );
});
