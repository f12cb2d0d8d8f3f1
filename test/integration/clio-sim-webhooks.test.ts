import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClioSim, ClioSimSeed } from '../../local/clio-sim/server.js';
import { clioSimSeedSchema, startClioSimulator } from '../../local/clio-sim/server.js';
import type { SimClient } from '../../local/clio-sim/test-client.js';
import { dataOf, simClient } from '../../local/clio-sim/test-client.js';

const seed: ClioSimSeed = clioSimSeedSchema.parse(JSON.parse(readFileSync(new URL('../../local/fixtures/clio-demo.json', import.meta.url), 'utf8')));

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver: every path but `/silent` confirms the handshake; then `/fail` answers events 500, `/gone` 410. */
function startReceiver(received: Received[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const secret = req.headers['x-hook-secret'];
      if (typeof secret === 'string') {
        res.writeHead(200, req.url === '/silent' ? {} : { 'X-Hook-Secret': secret }).end();
        return;
      }
      res.writeHead(req.url === '/fail' ? 500 : req.url === '/gone' ? 410 : 200).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

interface Hook {
  id: number;
  status: string;
  shared_secret: string;
}

describe('Clio simulator webhooks', () => {
  let sim: ClioSim;
  let clio: SimClient;
  let receiver: { server: Server; url: string };
  const received: Received[] = [];
  beforeAll(async () => {
    sim = await startClioSimulator({ seed, webhooks: { retries: 2, retryDelayMs: 10 } });
    clio = simClient(sim.url);
    receiver = await startReceiver(received);
  });
  afterAll(async () => {
    await sim.stop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });
  beforeEach(async () => {
    await clio.control('/reset');
    received.length = 0;
  });

  const subscribe = async (path: string, extra: Record<string, unknown> = {}): Promise<Hook> =>
    dataOf<Hook>(
      await clio.post('/api/v4/webhooks.json?fields=id,status,shared_secret', {
        data: { url: `${receiver.url}${path}`, model: 'contact', fields: 'id,etag', events: ['created', 'updated', 'deleted'], ...extra },
      }),
    );

  it('enables a hook whose receiver echoes X-Hook-Secret in the handshake', async () => {
    // Act
    const hook = await subscribe('/echo');
    // Assess
    expect(hook.status).toBe('enabled');
    expect(received).toHaveLength(1);
    expect(received[0]?.headers['x-hook-secret']).toBe(hook.shared_secret);
  });

  it('posts signed created, updated and deleted events for contacts changed through the API', async () => {
    // Prepare
    const hook = await subscribe('/echo');
    // Act
    const created = dataOf<{ id: number }>(await clio.post('/api/v4/contacts.json', { data: { type: 'Person', first_name: 'Ada', last_name: 'Park' } }));
    await clio.patch(`/api/v4/contacts/${created.id}.json`, { data: { last_name: 'Parker' } });
    await clio.delete(`/api/v4/contacts/${created.id}.json`);
    await sim.webhooksSettled();
    // Assess
    const events = received.slice(1);
    expect(events.map((e) => JSON.parse(e.body) as unknown)).toEqual(
      ['created', 'updated', 'deleted'].map((event) => ({
        data: { id: created.id, etag: expect.stringMatching(/^"[0-9a-f]+"$/) as string },
        meta: { event, webhook_id: hook.id },
      })),
    );
    for (const event of events) {
      expect(event.headers['x-hook-signature']).toBe(createHmac('sha256', hook.shared_secret).update(event.body).digest('hex'));
    }
  });

  it('leaves a hook pending when the receiver does not echo the secret, and delivers nothing to it', async () => {
    // Prepare
    const hook = await subscribe('/silent');
    // Act
    await clio.post('/api/v4/contacts.json', { data: { type: 'Person', first_name: 'Ada' } });
    await sim.webhooksSettled();
    // Assess
    expect(hook.status).toBe('pending');
    expect(received).toHaveLength(1);
  });

  it('retries a delivery the receiver fails, and suspends a hook answered 410', async () => {
    // Prepare
    const failing = await subscribe('/fail');
    const gone = await subscribe('/gone');
    // Act
    await clio.post('/api/v4/contacts.json', { data: { type: 'Person', first_name: 'Ada' } });
    await sim.webhooksSettled();
    // Assess
    const deliveries = sim.state().webhookDeliveries.filter((d) => d.event !== 'handshake');
    expect(deliveries.filter((d) => d.webhook_id === failing.id).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
    ]);
    expect(deliveries.filter((d) => d.webhook_id === gone.id).map((d) => d.status)).toEqual([410]);
    expect(sim.state().webhooks.find((w) => w.id === gone.id)?.status).toBe('suspended');
  });

  it('expires a hook in 3 days by default, renews it with PATCH, and deletes it', async () => {
    // Prepare
    const hook = await subscribe('/echo');
    const stored = () => sim.state().webhooks.find((w) => w.id === hook.id);
    const created = Date.parse(stored()?.expires_at ?? '');
    const renewal = new Date(Date.now() + 20 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // Act
    const renewed = await clio.patch(`/api/v4/webhooks/${hook.id}.json?fields=id,expires_at,status`, { data: { expires_at: renewal } });
    const deleted = await clio.delete(`/api/v4/webhooks/${hook.id}.json`);
    const again = await clio.delete(`/api/v4/webhooks/${hook.id}.json`);
    // Assess
    expect(Math.abs(created - (Date.now() + 3 * 86_400_000))).toBeLessThan(60_000);
    expect(renewed.body).toEqual({ data: { id: hook.id, expires_at: renewal, status: 'enabled' } });
    expect([deleted.status, again.status]).toEqual([204, 404]);
    expect(stored()).toBeUndefined();
  });

  it.each([
    ['a plain-http URL that is not loopback', { url: 'http://example.com/hook' }],
    ['an unknown model', { model: 'widget' }],
    ['an invalid field', { fields: 'id,colour' }],
    ['an expiry beyond 31 days', { expires_at: new Date(Date.now() + 40 * 86_400_000).toISOString() }],
  ])('refuses a webhook with %s', async (_case, extra) => {
    // Act
    const reply = await clio.post('/api/v4/webhooks.json', { data: { url: `${receiver.url}/echo`, model: 'contact', fields: 'id,etag', ...extra } });
    // Assess
    expect([400, 422]).toContain(reply.status);
    expect(sim.state().webhooks).toHaveLength(0);
  });
});
