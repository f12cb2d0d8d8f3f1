import { loadDemoClioSeed, type LocalStack } from '../../local/stack.js';
import { setCookie } from '../../shared/http/cookies.js';
import { admin } from '../support/admin.js';
import { cookieOf, openCallback, walkToCallback } from '../support/clio-connect.js';
import { simState, startTestStack } from '../support/local-stack.js';

/** A second person at the firm, with a Clio login of their own. */
const OTHER_USER = { id: 346, name: 'Blair Partner', first_name: 'Blair', last_name: 'Partner', email: 'blair@firm.example', enabled: true };

describe('the Clio connection is bound to the browser that started it', () => {
  let stack: LocalStack;
  let firm: { id: string; adminKey: string };

  beforeAll(async () => {
    const seed = loadDemoClioSeed();
    const users = [...(seed.users ?? [])];
    const first = users[0];
    if (!first) throw new Error('The demo seed has no user');
    stack = await startTestStack({
      phoneIndexSyncEveryMs: 0,
      clioSim: { rateLimit: { limit: 10_000, windowMs: 60_000 }, seed: { ...seed, users: [...users, { ...first, ...OTHER_USER }] } },
    });
    firm = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Bound LLP' })).body as typeof firm;
  });
  afterAll(async () => {
    // Which Clio user consents is the browser's choice (the simulator's `user_id` extra on its consent page), not a
    // request of ours: every other request must still be one Clio's spec describes.
    const outsideSpec = simState(stack).requests.filter((r) => !r.validated && !(r.path === '/oauth/authorize' && 'user_id' in r.query));
    const stopped = await stack.stop().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    expect(outsideSpec).toEqual([]);
    if (stopped && !stopped.message.includes('user_id=')) throw stopped;
  });

  const tokens = () => stack.adapters.secrets.clioTokens(firm.id, { fresh: true });
  /** A console session of the key's firm, as its `name=value`. */
  const signIn = async (adminKey: string): Promise<string> =>
    cookieOf(await fetch(`${stack.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ adminKey }) }));
  const connection = async () => (await stack.adapters.tenants.get(firm.id))?.connection;

  it("refuses the callback in a browser without the flow's cookie, or with another flow's, and the right browser still completes", async () => {
    // Prepare: a link started by the firm's admin, carried to another browser
    const walk = await walkToCallback(stack, firm.id, firm.adminKey);
    const other = await walkToCallback(stack, 'demo', stack.demo.adminKey);
    // Act
    const noCookie = await openCallback(walk, '');
    const wrongCookie = await openCallback(walk, other.cookie);
    const before = await tokens();
    const own = await openCallback(walk);
    // Assess
    expect([noCookie.status, wrongCookie.status]).toEqual([400, 400]);
    expect(await noCookie.text()).toContain('started in another browser');
    expect(before).toBeUndefined();
    expect(own.status).toBe(200);
    expect(await connection()).toMatchObject({ status: 'connected', clioUserId: 345 });
  });

  it('sets an HttpOnly, SameSite=Lax, path-wide binding cookie that is not the state, from a start link that works once', async () => {
    // Act
    const walk = await walkToCallback(stack, firm.id, firm.adminKey);
    const again = await fetch(walk.connect.headers.get('location') ?? '', { headers: { cookie: await signIn(firm.adminKey) }, redirect: 'manual' });
    // Assess
    const cookie = walk.started.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cc_oauth=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=900; HttpOnly; SameSite=Lax$/);
    expect(walk.authorize.searchParams.get('state')).not.toContain(walk.cookie.split('=')[1] ?? '');
    expect(again.status).toBe(400);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it("connects nobody through a start link opened in a browser not signed in to the firm's console, and leaves the link to the firm's admin", async () => {
    // Prepare: a hostile firm's start link, opened by a lawyer of another firm (signed in to nothing of ours, or to
    // their own firm's console)
    const hostile = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Hostile LLP' })).body as typeof firm;
    const connect = await fetch(`${stack.url}/v1/tenants/${hostile.id}/clio/connect`, {
      headers: { authorization: `Bearer ${hostile.adminKey}` },
      redirect: 'manual',
    });
    const link = connect.headers.get('location') ?? '';
    // Act
    const anonymous = await fetch(link, { redirect: 'manual' });
    const otherFirm = await fetch(link, { headers: { cookie: await signIn(firm.adminKey) }, redirect: 'manual' });
    const own = await fetch(link, { headers: { cookie: await signIn(hostile.adminKey) }, redirect: 'manual' });
    // Assess: no Clio consent page, no binding cookie, until the firm's own admin opens it
    expect([anonymous.status, otherFirm.status]).toEqual([403, 403]);
    expect(anonymous.headers.get('location')).toBeNull();
    expect(anonymous.headers.get('set-cookie')).toBeNull();
    expect(await otherFirm.text()).toContain('Sign in to continue');
    expect(own.status).toBe(302);
    expect(new URL(own.headers.get('location') ?? '').pathname).toBe('/oauth/authorize');
    expect(cookieOf(own)).toMatch(/^cc_oauth=/);
  });

  it('names the cookie __Host- and marks it Secure outside plain-http localhost', () => {
    expect(setCookie('cc_oauth', 'v', 'https://hooks.example.com', { maxAgeSeconds: 900, sameSite: 'Lax' })).toBe(
      '__Host-cc_oauth=v; Path=/; Max-Age=900; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it("binds the console's own flow with the cookie on its connect answer, straight to Clio", async () => {
    // Prepare: the firm's admin signed in to the console
    const signIn = await fetch(`${stack.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ adminKey: firm.adminKey }),
    });
    const session = cookieOf(signIn);
    // Act
    const connect = await fetch(`${stack.url}/v1/tenants/${firm.id}/clio/connect`, { headers: { cookie: session }, redirect: 'manual' });
    const consent = await fetch(connect.headers.get('location') ?? '', { redirect: 'manual' });
    const elsewhere = await fetch(consent.headers.get('location') ?? '', { redirect: 'manual' });
    const here = await fetch(consent.headers.get('location') ?? '', { headers: { cookie: cookieOf(connect) }, redirect: 'manual' });
    // Assess
    expect(new URL(connect.headers.get('location') ?? '').pathname).toBe('/oauth/authorize');
    expect(connect.headers.get('set-cookie')).toMatch(/^cc_oauth=.*HttpOnly; SameSite=Lax$/);
    expect([elsewhere.status, here.status]).toEqual([400, 200]);
  });

  it('asks before replacing the connection with another Clio user, and replaces it only once confirmed', async () => {
    // Prepare: the firm is connected as Alex Lawyer; someone consents as Blair Partner
    await openCallback(await walkToCallback(stack, firm.id, firm.adminKey));
    const kept = await tokens();
    const walk = await walkToCallback(stack, firm.id, firm.adminKey, { userId: OTHER_USER.id });
    // Act
    const ask = await openCallback(walk);
    const html = await ask.text();
    const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const confirmCookie = cookieOf(ask);
    const afterAsk = await tokens();
    const confirm = (cookie: string | undefined) =>
      fetch(`${stack.url}/v1/oauth/clio/confirm`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ token }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      });
    const forged = await confirm(undefined);
    const confirmed = await confirm(confirmCookie);
    const authorize = new URL(confirmed.headers.get('location') ?? '');
    authorize.searchParams.set('user_id', String(OTHER_USER.id));
    const consent = await fetch(authorize, { redirect: 'manual' });
    const done = await fetch(consent.headers.get('location') ?? '', { headers: { cookie: cookieOf(confirmed) }, redirect: 'manual' });
    // Assess: nothing replaced until the confirmation; then the new user, and the old grant revoked
    expect(ask.status).toBe(409);
    expect(html).toContain('Alex Lawyer');
    expect(html).toContain('Blair Partner');
    expect(html).toMatch(/<form method="post" action="\/v1\/oauth\/clio\/confirm">/);
    expect(afterAsk).toEqual(kept);
    expect(forged.status).toBe(403);
    expect(confirmed.status).toBe(303);
    // A browser holds the form's redirect to form-action: the page lets it go on to Clio's origin, and nowhere else
    expect(ask.headers.get('content-security-policy')).toContain(`form-action 'self' ${authorize.origin};`);
    expect(done.status).toBe(200);
    expect(await connection()).toMatchObject({ status: 'connected', clioUserId: OTHER_USER.id });
    expect((await tokens())?.accessToken).not.toBe(kept?.accessToken);
    const whoAmI = await fetch(`${stack.clioUrl}/api/v4/users/who_am_i.json`, { headers: { authorization: `Bearer ${kept?.accessToken ?? ''}` } });
    expect(whoAmI.status).toBe(401);
    expect(simState(stack).requests.filter((r) => r.path === '/oauth/deauthorize').length).toBeGreaterThanOrEqual(2);
  });
});
