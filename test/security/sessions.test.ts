import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../local/stack.js';
import { admin } from '../support/admin.js';
import { cookieOf } from '../support/clio-connect.js';
import { emulatorDocuments, startTestStack } from '../support/local-stack.js';

describe('console sessions', () => {
  let stack: LocalStack;
  let firm: { id: string; adminKey: string };

  beforeAll(async () => {
    stack = await startTestStack({ phoneIndexSyncEveryMs: 0 });
    firm = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Session LLP' })).body as typeof firm;
  });
  afterAll(() => stack.stop());

  const signIn = async (adminKey: string) => {
    const response = await fetch(`${stack.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ adminKey }),
    });
    return { response, cookie: cookieOf(response), body: (await response.json()) as { role: string; tenantId?: string; csrfToken: string } };
  };
  const get = (path: string, cookie: string) => fetch(`${stack.url}${path}`, { headers: { cookie } });

  it('keeps only a hash of the session id, never the id the cookie carries', async () => {
    // Act
    const { cookie } = await signIn(firm.adminKey);
    const id = cookie.split('=')[1] ?? '';
    const { Items } = await emulatorDocuments(stack).send(new ScanCommand({ TableName: stack.config.tenantsTable }));
    // Assess
    expect(id).toHaveLength(43);
    expect(JSON.stringify(Items)).not.toContain(id);
    expect(Items?.some((item) => String(item.tenantId).startsWith('session#'))).toBe(true);
  });

  it("refuses a wrong key, and a firm's session reaches only its own firm", async () => {
    // Act
    const wrong = await signIn('cck_session-llp.not-the-key');
    const { cookie, body } = await signIn(firm.adminKey);
    const own = await get(`/v1/tenants/${firm.id}/settings`, cookie);
    const other = await get('/v1/tenants/demo/settings', cookie);
    const tenants = await get('/v1/tenants', cookie);
    // Assess
    expect(wrong.response.status).toBe(401);
    expect(body).toMatchObject({ role: 'tenant', tenantId: firm.id });
    expect([own.status, other.status, tenants.status]).toEqual([200, 403, 403]);
  });

  it("gives the operator key the operator's view: every tenant, and a new one created with the CSRF token", async () => {
    // Act
    const { cookie, body } = await signIn(stack.demo.operatorKey);
    const list = (await (await get('/v1/tenants', cookie)).json()) as { data: { id: string }[] };
    const create = (headers: Record<string, string>) =>
      fetch(`${stack.url}/v1/tenants`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'Console Made LLP' }),
      });
    const refused = await create({});
    const created = await create({ 'x-csrf-token': body.csrfToken });
    // Assess
    expect(body.role).toBe('operator');
    expect(list.data.map((t) => t.id)).toEqual(expect.arrayContaining(['demo', firm.id]));
    expect(list.data.some((t) => t.id.startsWith('session#'))).toBe(false);
    expect(refused.status).toBe(403);
    expect(created.status).toBe(201);
  });

  it("ends the sessions of a firm's old key when the key is rotated", async () => {
    // Prepare
    const { cookie } = await signIn(firm.adminKey);
    expect((await get('/v1/session', cookie)).status).toBe(200);
    // Act
    const rotated = await admin(stack, 'POST', `/v1/tenants/${firm.id}/admin-keys`, firm.adminKey);
    // Assess
    expect(rotated.status).toBe(201);
    expect((await get('/v1/session', cookie)).status).toBe(401);
    expect((await get(`/v1/tenants/${firm.id}/settings`, cookie)).status).toBe(401);
    firm = { ...firm, adminKey: (rotated.body as { adminKey: string }).adminKey };
  });

  it('signs out only with the CSRF token, and the signed-out cookie is refused after', async () => {
    // Prepare
    const { cookie, body } = await signIn(firm.adminKey);
    // Act
    const withoutToken = await fetch(`${stack.url}/v1/session`, { method: 'DELETE', headers: { cookie } });
    const signedOut = await fetch(`${stack.url}/v1/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': body.csrfToken } });
    // Assess
    expect(withoutToken.status).toBe(403);
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.get('set-cookie')).toMatch(/^cc_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect((await get('/v1/session', cookie)).status).toBe(401);
  });
});
