import { createHmac } from 'node:crypto';
import type { LocalStack } from '../../local/stack.js';
import { ensureClioHook, hookUrl as clioHookUrl } from '../../shared/use-cases/contact-hooks.js';
import { admin } from '../support/admin.js';
import { simState, startTestStack } from '../support/local-stack.js';

describe("Clio's contact webhooks keep the phone index fresh", () => {
  let stack: LocalStack;
  const hookUrl = async () => clioHookUrl(stack.url, 'demo', (await stack.adapters.tenants.clioHook('demo'))?.token ?? 'none');
  const clio = (method: string, path: string, data?: unknown) =>
    fetch(`${stack.clioUrl}/api/v4/${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.demo.clioAccessToken}`, 'content-type': 'application/json' },
      ...(data ? { body: JSON.stringify({ data }) } : {}),
    });
  const settled = () => stack.clioSim?.webhooksSettled();
  const tenant = async () =>
    (await stack.adapters.tenants.get('demo')) ??
    (() => {
      throw new Error('no demo');
    })();

  beforeAll(async () => {
    stack = await startTestStack({ phoneIndexSyncEveryMs: 0 });
    await admin(stack, 'POST', '/v1/tenants/demo/clio/sync', 'demo-admin-key');
  });
  afterAll(() => stack.stop());

  it("subscribes once the full sync is complete, answering Clio's handshake", async () => {
    const hooks = simState(stack).webhooks.filter((h) => h.model === 'contact');
    expect(hooks).toEqual([expect.objectContaining({ url: await hookUrl(), model: 'contact', status: 'enabled' })]);
    expect(await stack.adapters.tenants.clioHook('demo')).toEqual({
      id: hooks[0]?.id,
      secret: expect.any(String) as string,
      expiresAt: expect.any(String) as string,
      token: expect.stringMatching(/^[\w-]{32}$/) as string,
    });
  });

  it('indexes a contact created in Clio, re-indexes it when its number changes, and forgets it when deleted', async () => {
    // Act + Assess: created
    const created = (await (
      await clio('POST', 'contacts.json?fields=id,phone_numbers{id}', {
        type: 'Person',
        first_name: 'Lena',
        last_name: 'Ortiz',
        phone_numbers: [{ name: 'Work', number: '(503) 555-0142', default_number: true }],
      })
    ).json()) as { data: { id: number; phone_numbers: { id: number }[] } };
    await settled();
    expect(await stack.adapters.index.lookup('demo', '+15035550142')).toEqual([expect.objectContaining({ id: created.data.id, name: 'Lena Ortiz' })]);
    // updated: the number changed
    await clio('PATCH', `contacts/${created.data.id}.json`, { phone_numbers: [{ id: created.data.phone_numbers[0]?.id, number: '503.555.0199' }] });
    await settled();
    expect(await stack.adapters.index.lookup('demo', '+15035550142')).toEqual([]);
    expect(await stack.adapters.index.lookup('demo', '+15035550199')).toEqual([expect.objectContaining({ id: created.data.id })]);
    // deleted
    await clio('DELETE', `contacts/${created.data.id}.json`);
    await settled();
    expect(await stack.adapters.index.lookup('demo', '+15035550199')).toEqual([]);
  });

  it("answers 404 to anything posted to a hook URL without the registration's token", async () => {
    // Prepare: a delivery signed with the real secret, at the URL without the token and with a guessed one
    const secret = (await stack.adapters.tenants.clioHook('demo'))?.secret ?? '';
    const body = JSON.stringify({ data: { id: 1001 }, meta: { event: 'deleted', webhook_id: 1 } });
    const headers = { 'content-type': 'application/json', 'x-hook-signature': createHmac('sha256', secret).update(body).digest('hex') };
    // Act
    const bare = await fetch(`${stack.url}/v1/tenants/demo/clio/hooks`, { method: 'POST', headers, body });
    const guessed = await fetch(clioHookUrl(stack.url, 'demo', 'guessed-token-000000000000'), { method: 'POST', headers, body });
    // Assess
    expect([bare.status, guessed.status]).toEqual([404, 404]);
    expect(await stack.adapters.index.lookup('demo', '+14155550100')).toEqual([expect.objectContaining({ id: 1001 })]);
  });

  it("refuses a delivery not signed with the handshake's secret, and a handshake nobody asked for", async () => {
    // Prepare
    const body = JSON.stringify({ data: { id: 99, name: 'Mallory', phone_numbers: [{ number: '+15035550111' }] }, meta: { event: 'created', webhook_id: 1 } });
    // Act
    const forged = await fetch(await hookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': createHmac('sha256', 'guessed').update(body).digest('hex') },
      body,
    });
    const handshake = await fetch(await hookUrl(), { method: 'POST', headers: { 'x-hook-secret': 'attacker-secret' }, body: '{}' });
    // Assess
    expect(forged.status).toBe(401);
    expect(handshake.status).toBe(403);
    expect(await stack.adapters.index.lookup('demo', '+15035550111')).toEqual([]);
    expect((await stack.adapters.tenants.clioHook('demo'))?.secret).not.toBe('attacker-secret');
  });

  it('renews the subscription before Clio lets it lapse', async () => {
    // Prepare: the subscription has five days left
    const hook = await stack.adapters.tenants.clioHook('demo');
    await stack.adapters.tenants.recordHook('demo', { id: hook?.id ?? -1, expiresAt: new Date(Date.now() + 5 * 24 * 3600_000).toISOString() });
    // Act
    const result = await ensureClioHook({ ...stack.adapters }, await tenant(), 'contact');
    // Assess
    expect(result).toBe('renewed');
    expect(Date.parse(simState(stack).webhooks.find((h) => h.id === hook?.id)?.expires_at ?? '')).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    expect(await ensureClioHook({ ...stack.adapters }, await tenant(), 'contact')).toBe('kept');
  });

  it("reads a delivered contact back from Clio: a delivery signed with the hook's secret cannot put a stranger's number on a client", async () => {
    // Prepare: a delivery, validly signed, claiming that Jane Smith (1001) has a stranger's number
    const secret = (await stack.adapters.tenants.clioHook('demo'))?.secret ?? '';
    const body = JSON.stringify({
      data: { id: 1001, name: 'Jane Smith', is_client: true, phone_numbers: [{ number: '+15035550177' }] },
      meta: { event: 'updated', webhook_id: 1 },
    });
    // Act
    const response = await fetch(await hookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': createHmac('sha256', secret).update(body).digest('hex') },
      body,
    });
    // Assess: what Clio says of 1001 is indexed, not what the delivery said
    expect(response.status).toBe(200);
    expect(await stack.adapters.index.lookup('demo', '+15035550177')).toEqual([]);
    expect(await stack.adapters.index.lookup('demo', '+14155550100')).toEqual([expect.objectContaining({ id: 1001 })]);
  });

  it('reads nothing back for a delivery of the contact as indexed at that very change (one we wrote, or a repeat), and reads back one in the same second with other numbers', async () => {
    // Prepare: deliveries naming Jane Smith at the version the index holds: with her numbers, and with a stranger's
    // (a second change within the same second: Clio's updated_at counts seconds)
    const secret = (await stack.adapters.tenants.clioHook('demo'))?.secret ?? '';
    const version = await stack.adapters.index.indexedVersion('demo', 1001);
    const deliver = (numbers: readonly string[]) => {
      const body = JSON.stringify({
        data: { id: 1001, name: 'Jane Smith', is_client: true, updated_at: version?.updatedAt, phone_numbers: numbers.map((number) => ({ number })) },
        meta: { event: 'updated', webhook_id: 1 },
      });
      return fetch(hookAt, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hook-signature': createHmac('sha256', secret).update(body).digest('hex') },
        body,
      });
    };
    const hookAt = await hookUrl();
    const mark = simState(stack).requests.length;
    // Act
    const same = await deliver(version?.numbers ?? []);
    const afterSame = simState(stack).requests.length;
    const other = await deliver(['+15035550178']);
    // Assess: none read for the first; the second read back, and the index took Clio's answer, not the delivery's
    expect(version).toEqual({ updatedAt: expect.any(String) as string, numbers: ['+14155550100'] });
    expect([same.status, other.status]).toEqual([200, 200]);
    expect(afterSame - mark).toBe(0);
    expect(
      simState(stack)
        .requests.slice(afterSame)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['GET /api/v4/contacts/1001.json']);
    expect(await stack.adapters.index.lookup('demo', '+15035550178')).toEqual([]);
    expect(await stack.adapters.index.lookup('demo', '+14155550100')).toEqual([expect.objectContaining({ id: 1001 })]);
  });

  it('takes one handshake per registration: a second one, even in time, cannot replace the secret', async () => {
    // Prepare: a registration open for two minutes whose handshake Clio already made
    await stack.adapters.tenants.openHookRegistration('demo', new Date(Date.now() + 120_000).toISOString(), 'a-registration-token-0001');
    const first = await fetch(await hookUrl(), { method: 'POST', headers: { 'x-hook-secret': 'clio-secret' }, body: '{}' });
    // Act
    const second = await fetch(await hookUrl(), { method: 'POST', headers: { 'x-hook-secret': 'attacker-secret' }, body: '{}' });
    // Assess
    expect([first.status, second.status]).toEqual([200, 403]);
    expect((await stack.adapters.tenants.clioHook('demo'))?.secret).toBe('clio-secret');
  });

  it('keeps the hook when the Clio tokens are refreshed at the same time, and the tokens when the hook is renewed', async () => {
    // Prepare: a renewal and a token refresh, each from what it read before the other wrote
    const tokens = await stack.adapters.secrets.clioTokens('demo', { fresh: true });
    const hook = await stack.adapters.tenants.clioHook('demo');
    // Act
    await stack.adapters.tenants.recordHook('demo', { id: hook?.id ?? -1, expiresAt: '2099-01-01T00:00:00.000Z' });
    await stack.adapters.secrets.putClioTokens('demo', { ...tokens, accessToken: 'refreshed-access-token' });
    // Assess
    expect(await stack.adapters.tenants.clioHook('demo')).toMatchObject({ expiresAt: '2099-01-01T00:00:00.000Z', secret: hook?.secret });
    expect((await stack.adapters.secrets.clioTokens('demo', { fresh: true }))?.accessToken).toBe('refreshed-access-token');
  });
});
