import { twilioCallParams } from '../../local/twilio-example.js';
import type { LocalStack } from '../../local/stack.js';
import { createDependencies } from '../../shared/config/wiring.js';
import { signState } from '../../shared/domain/oauth-state.js';
import { admin } from '../support/admin.js';
import { openCallback, walkToCallback } from '../support/clio-connect.js';
import { postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';
import { waitForStatus } from '../support/waits.js';

describe('connecting a firm to Clio', () => {
  let stack: LocalStack;
  let firm: { id: string; adminKey: string };

  beforeAll(async () => {
    stack = await startTestStack();
    firm = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Connect LLP' })).body as typeof firm;
    await admin(stack, 'PUT', `/v1/tenants/${firm.id}/providers/twilio`, firm.adminKey, { credential: 'connect-token' });
  });
  afterAll(() => stack.stop());

  const call = async (tenantId = firm.id) => {
    const callSid = sid('CA');
    await postTwilio(stack, twilioCallParams({ CallSid: callSid }), { tenantId, authToken: 'connect-token' });
    return waitForOutcome(stack, tenantId, `twilio:call:${callSid}`);
  };
  /** Walks the consent flow as a browser would: our connect link → our start link → Clio's consent page → our callback. */
  const connect = async (): Promise<Response> => openCallback(await walkToCallback(stack, firm.id, firm.adminKey));
  const tokenRequests = () => simState(stack).requests.filter((r) => r.path === '/oauth/token').length;

  it("parks a firm's events until it connects, then logs them once the parked ones are replayed", async () => {
    // Prepare
    const parked = await call();
    // Act
    const walk = await walkToCallback(stack, firm.id, firm.adminKey);
    const page = await openCallback(walk);
    const replay = await admin(stack, 'POST', `/v1/tenants/${firm.id}/outcomes/replay?status=parked`, firm.adminKey);
    const outcome = await waitForStatus(stack, firm.id, parked.eventId, 'logged');
    // Assess
    expect(parked).toMatchObject({ status: 'parked', reason: 'tenant_not_connected' });
    expect(walk.connect.status).toBe(302);
    expect(walk.connect.headers.get('location')).toMatch(new RegExp(`^${stack.url}/v1/oauth/clio/start\\?token=`));
    expect(walk.started.status).toBe(302);
    const authorize = new URL(walk.started.headers.get('location') ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${stack.clioUrl}/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'call-connector-local',
      redirect_uri: `${stack.url}/v1/oauth/clio/callback`,
      redirect_on_decline: 'true',
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Clio is connected');
    expect((await stack.adapters.tenants.get(firm.id))?.connection).toMatchObject({ status: 'connected', clioUserId: 345 });
    expect(replay).toEqual({ status: 202, body: { status: 'parked', queued: 1, nextCursor: null } });
    expect(outcome?.status).toBe('logged');
  }, 90_000);

  it('replays parked events a bounded page at a time, with the cursor to the next page', async () => {
    // Prepare: three parked events of a firm that never connected
    const other = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Paged Replay LLP' })).body as { id: string; adminKey: string };
    await stack.adapters.secrets.putProviderSecret(other.id, 'twilio', 'connect-token');
    for (let i = 0; i < 3; i++) expect((await call(other.id)).status).toBe('parked');
    // Act
    const first = await admin(stack, 'POST', `/v1/tenants/${other.id}/outcomes/replay?status=parked&limit=2`, other.adminKey);
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    const second = await admin(
      stack,
      'POST',
      `/v1/tenants/${other.id}/outcomes/replay?status=parked&limit=2&cursor=${encodeURIComponent(cursor)}`,
      other.adminKey,
    );
    const tooMany = await admin(stack, 'POST', `/v1/tenants/${other.id}/outcomes/replay?status=parked&limit=5000`, other.adminKey);
    // Assess
    expect(first).toMatchObject({ status: 202, body: { queued: 2, nextCursor: expect.any(String) as string } });
    expect(second).toMatchObject({ status: 202, body: { queued: 1, nextCursor: null } });
    expect(tooMany).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
  });

  it('revokes the grant a reconnection replaces', async () => {
    // Prepare: a connected firm
    await connect();
    const before = await stack.adapters.secrets.clioTokens(firm.id, { fresh: true });
    // Act
    const again = await connect();
    // Assess: the old token is refused by Clio, the new one works
    const after = await stack.adapters.secrets.clioTokens(firm.id, { fresh: true });
    const asUser = (token: string | undefined) => fetch(`${stack.clioUrl}/api/v4/users/who_am_i.json`, { headers: { authorization: `Bearer ${token ?? ''}` } });
    expect(again.status).toBe(200);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect((await asUser(before?.accessToken)).status).toBe(401);
    expect((await asUser(after?.accessToken)).status).toBe(200);
  });

  it('completes a connection link once: the same state again, or an older link after a newer one, is refused', async () => {
    // Prepare: two links, the older one's consent already given
    const older = await walkToCallback(stack, firm.id, firm.adminKey);
    const newer = await walkToCallback(stack, firm.id, firm.adminKey);
    // Act
    const stale = await openCallback(older);
    const first = await openCallback(newer);
    const replayed = await openCallback(newer);
    // Assess
    expect([stale.status, first.status, replayed.status]).toEqual([400, 200, 400]);
    expect(await replayed.text()).toContain('used already');
  });

  it('refuses a forged or expired state with a 400 page and stores nothing', async () => {
    // Prepare
    const before = await stack.adapters.secrets.clioTokens(firm.id, { fresh: true });
    const expired = signState(firm.id, 'any-key', new Date(Date.now() - 3_600_000));
    // Act
    const forged = await fetch(`${stack.url}/v1/oauth/clio/callback?code=abc&state=${encodeURIComponent(`${expired.split('.')[0] ?? ''}.AAAA`)}`);
    const old = await fetch(`${stack.url}/v1/oauth/clio/callback?code=abc&state=${encodeURIComponent(expired)}`);
    // Assess
    expect([forged.status, old.status]).toEqual([400, 400]);
    expect(forged.headers.get('content-type')).toContain('text/html');
    expect(await stack.adapters.secrets.clioTokens(firm.id, { fresh: true })).toEqual(before);
  });

  it('shows a clear page when access is declined, and changes nothing', async () => {
    const before = await stack.adapters.tenants.get(firm.id);
    const page = await fetch(`${stack.url}/v1/oauth/clio/callback?error=access_denied&state=x`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('declined');
    expect(await stack.adapters.tenants.get(firm.id)).toEqual(before);
  });

  it('refreshes an expired token once, however many processors need it at the same moment', async () => {
    // Prepare: the stored token has expired; three separate processors (own caches, same stores) start at once
    const tokens = await stack.adapters.secrets.clioTokens(firm.id, { fresh: true });
    await stack.adapters.secrets.putClioTokens(firm.id, {
      ...tokens,
      accessToken: tokens?.accessToken ?? '',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const tenant = await stack.adapters.tenants.get(firm.id);
    const processors = [createDependencies(stack.config), createDependencies(stack.config), createDependencies(stack.config)];
    const before = tokenRequests();
    // Act
    const users = await Promise.all(
      processors.map(async (p) =>
        (
          await p.clio.forTenant(
            tenant ??
              (() => {
                throw new Error('no tenant');
              })(),
          )
        ).whoAmI(),
      ),
    );
    // Assess
    expect(users.map((u) => u.id)).toEqual([345, 345, 345]);
    expect(tokenRequests() - before).toBe(1);
    const refreshed = await stack.adapters.secrets.clioTokens(firm.id, { fresh: true });
    expect(refreshed?.accessToken).not.toBe(tokens?.accessToken);
    expect(refreshed?.refreshToken).toBe(tokens?.refreshToken);
  });

  it('refreshes on a 401 from Clio and retries the request, logging the event once', async () => {
    // Prepare: an access token Clio no longer knows, with a good refresh token and no stated expiry
    const tokens = await stack.adapters.secrets.clioTokens(firm.id, { fresh: true });
    await stack.adapters.secrets.putClioTokens(firm.id, {
      accessToken: 'unknown-to-clio',
      ...(tokens?.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    });
    const before = tokenRequests();
    // Act
    const outcome = await call();
    // Assess
    expect(outcome.status).toBe('logged');
    expect(tokenRequests() - before).toBe(1);
    expect(simState(stack).requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
  });

  it('revokes at Clio and parks the next events; reconnecting and replaying logs them', async () => {
    // Act
    const revoke = await admin(stack, 'DELETE', `/v1/tenants/${firm.id}/clio`, firm.adminKey);
    const parked = await call();
    await connect();
    await admin(stack, 'POST', `/v1/tenants/${firm.id}/outcomes/replay?status=parked`, firm.adminKey);
    const outcome = await waitForStatus(stack, firm.id, parked.eventId, 'logged');
    // Assess
    expect(revoke.status).toBe(204);
    expect(simState(stack).requests.some((r) => r.path === '/oauth/deauthorize' && r.status === 200)).toBe(true);
    expect(parked).toMatchObject({ status: 'parked' });
    expect(outcome?.status).toBe('logged');
  }, 90_000);

  it('disconnects the firm when Clio refuses the refresh token, and parks its events', async () => {
    // Prepare: Clio revoked the grant behind our back; the stored token has expired
    await stack.adapters.secrets.putClioTokens(firm.id, {
      accessToken: 'gone',
      refreshToken: 'revoked-refresh-token',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    // Act
    const outcome = await call();
    // Assess
    expect(outcome).toMatchObject({ status: 'parked', reason: 'tenant_not_connected' });
    expect((await stack.adapters.tenants.get(firm.id))?.connection).toMatchObject({ status: 'disconnected', reason: 'refresh_refused' });
  });
});
