import { twilioCallParams } from '../../local/twilio-example.js';
import type { LocalStack } from '../../local/stack.js';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.js';
import { admin } from '../support/admin.js';
import { postTwilio, sid, startTestStack, waitForOutcome } from '../support/local-stack.js';
import { waitForStatus } from '../support/waits.js';

describe('the tenant admin API', () => {
  let stack: LocalStack;
  let firm: { id: string; adminKey: string; webhookUrls: Record<string, string> };

  beforeAll(async () => {
    stack = await startTestStack();
    const created = await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Smith & Lee LLP', clioRegion: 'CA' });
    firm = created.body as typeof firm;
  });
  afterAll(() => stack.stop());

  describe('creating a tenant', () => {
    it('answers 201 with the id, the admin key shown once, and a webhook URL per provider', async () => {
      // Act
      const created = await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Avery Law' });
      // Assess
      expect(created.status).toBe(201);
      const body = created.body as { id: string; adminKey: string; clioRegion: string; webhookUrls: Record<string, string> };
      expect(body.id).toMatch(/^avery-law-[0-9a-f]{6}$/);
      expect(body.clioRegion).toBe('US');
      expect(body.webhookUrls.twilio).toBe(`${stack.url}/v1/tenants/${body.id}/webhooks/twilio`);
      const stored = await stack.adapters.tenants.get(body.id);
      expect(JSON.stringify(stored)).not.toContain(body.adminKey);
    });

    it.each([
      ['no key', () => undefined, 401, 'unauthorized'],
      ['a wrong key', () => 'not-a-key', 401, 'unauthorized'],
      ["a tenant's key", () => firm.adminKey, 403, 'forbidden'],
    ])('refuses %s', async (_name, key, status, code) => {
      const response = await admin(stack, 'POST', '/v1/tenants', key(), { name: 'Nope LLP' });
      expect(response).toEqual({ status, body: { error: { code, message: expect.any(String) as string } } });
    });

    it('names the field that is wrong', async () => {
      const response = await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'X', clioRegion: 'MARS' });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain('clioRegion');
    });
  });

  describe('tenant isolation', () => {
    it('lets a tenant key reach its own tenant and refuses it on another', async () => {
      expect((await admin(stack, 'GET', `/v1/tenants/${firm.id}/settings`, firm.adminKey)).status).toBe(200);
      expect(await admin(stack, 'GET', '/v1/tenants/demo/settings', firm.adminKey)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      expect((await admin(stack, 'GET', `/v1/tenants/${firm.id}/settings`, stack.demo.operatorKey)).status).toBe(200);
    });
  });

  describe('settings', () => {
    it('answers the defaults merged with the overrides', async () => {
      expect(await admin(stack, 'GET', `/v1/tenants/${firm.id}/settings`, firm.adminKey)).toEqual({ status: 200, body: DEFAULT_SETTINGS });
    });

    it('applies a valid patch and answers the merged settings', async () => {
      // Act
      const patched = await admin(stack, 'PATCH', `/v1/tenants/${firm.id}/settings`, firm.adminKey, { logMissedCalls: false, defaultCountry: 'CA' });
      // Assess
      expect(patched).toEqual({ status: 200, body: { ...DEFAULT_SETTINGS, logMissedCalls: false, defaultCountry: 'CA' } });
      expect((await admin(stack, 'GET', `/v1/tenants/${firm.id}/settings`, firm.adminKey)).body).toEqual(patched.body);
    });

    it.each([
      ['an unknown key', { logMissedCalls: true, colour: 'blue' }, 'colour'],
      ['a wrong type', { smsLogging: 'yes', logMissedCalls: true }, 'smsLogging'],
      ['an unknown country', { defaultCountry: 'XX' }, 'defaultCountry'],
    ])('refuses %s with a 400 naming the field, applying nothing', async (_name, patch, field) => {
      // Prepare
      const before = (await admin(stack, 'GET', `/v1/tenants/${firm.id}/settings`, firm.adminKey)).body;
      // Act
      const response = await admin(stack, 'PATCH', `/v1/tenants/${firm.id}/settings`, firm.adminKey, patch);
      // Assess
      expect(response.status).toBe(400);
      expect((response.body as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'invalid_settings',
        message: expect.stringContaining(field) as string,
      });
      expect((await admin(stack, 'GET', `/v1/tenants/${firm.id}/settings`, firm.adminKey)).body).toEqual(before);
    });

    it('replaces the user mappings', async () => {
      const put = await admin(stack, 'PUT', `/v1/tenants/${firm.id}/user-mappings`, firm.adminKey, { '101': 345, 'alex@firm.example': 345 });
      expect(put.status).toBe(200);
      expect(((await admin(stack, 'GET', `/v1/tenants/${firm.id}/settings`, firm.adminKey)).body as { userMappings: unknown }).userMappings).toEqual({
        '101': 345,
        'alex@firm.example': 345,
      });
    });
  });

  describe('provider credentials', () => {
    it("stores a credential that then verifies the provider's callbacks, and never returns it", async () => {
      // Prepare
      await stack.adapters.secrets.putClioTokens(firm.id, { accessToken: stack.demo.clioAccessToken });
      // Act
      const put = await admin(stack, 'PUT', `/v1/tenants/${firm.id}/providers/twilio`, firm.adminKey, { credential: 'firm-twilio-token' });
      const callback = await postTwilio(stack, twilioCallParams({ CallSid: sid('CA') }), { tenantId: firm.id, authToken: 'firm-twilio-token' });
      // Assess
      expect(put).toEqual({ status: 204, body: undefined });
      expect(callback.status).toBe(200);
    });

    it.each([
      ['generic', 'not-a-whsec-secret'],
      ['telnyx', 'dG9vIHNob3J0'],
    ])('refuses a %s credential of the wrong shape, storing nothing', async (provider, credential) => {
      const response = await admin(stack, 'PUT', `/v1/tenants/${firm.id}/providers/${provider}`, firm.adminKey, { credential });
      expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_credential' } } });
      expect(await stack.adapters.secrets.providerSecret(firm.id, provider as 'generic' | 'telnyx')).toBeUndefined();
    });

    it('answers 404 for a provider we do not know', async () => {
      expect((await admin(stack, 'PUT', `/v1/tenants/${firm.id}/providers/acme`, firm.adminKey, { credential: 'x' })).status).toBe(404);
    });
  });

  describe('outcomes and replay', () => {
    it('lists outcomes newest first, filtered and paged', async () => {
      // Prepare: a logged call and a skipped missed call (missed calls off for this firm)
      const [logged, missed] = [sid('CA'), sid('CA')];
      await postTwilio(stack, twilioCallParams({ CallSid: logged, From: '+14155550100' }), { tenantId: firm.id, authToken: 'firm-twilio-token' });
      await waitForOutcome(stack, firm.id, `twilio:call:${logged}`);
      await postTwilio(stack, twilioCallParams({ CallSid: missed, CallStatus: 'no-answer', From: '+14155550100' }), {
        tenantId: firm.id,
        authToken: 'firm-twilio-token',
      });
      await waitForOutcome(stack, firm.id, `twilio:call:${missed}`);
      // Act
      const skipped = await admin(stack, 'GET', `/v1/tenants/${firm.id}/outcomes?status=skipped`, firm.adminKey);
      const first = await admin(stack, 'GET', `/v1/tenants/${firm.id}/outcomes?limit=1`, firm.adminKey);
      const cursor = (first.body as { nextCursor: string }).nextCursor;
      const second = await admin(stack, 'GET', `/v1/tenants/${firm.id}/outcomes?limit=1&cursor=${encodeURIComponent(cursor)}`, firm.adminKey);
      // Assess
      expect(first.status).toBe(200);
      expect(skipped.body).toMatchObject({
        data: [
          {
            eventId: `twilio:call:${missed}`,
            status: 'skipped',
            reason: 'missed_call',
            trace: expect.arrayContaining([{ step: 'kind_gate', decision: 'missed_call' }]) as unknown,
          },
        ],
        nextCursor: null,
      });
      expect((first.body as { data: { eventId: string }[] }).data.map((o) => o.eventId)).toEqual([`twilio:call:${missed}`]);
      expect((second.body as { data: { eventId: string; status: string; clio: object }[] }).data[0]).toMatchObject({
        eventId: `twilio:call:${logged}`,
        status: 'logged',
        clio: { contactId: 1001 },
      });
    });

    it.each([
      ['an id that is not valid percent-encoding', '%E0%A4%A', 400],
      ['an id longer than any event id', 'x'.repeat(1100), 404],
    ])('answers a replay of %s without touching the store', async (_name, id, status) => {
      expect((await admin(stack, 'POST', `/v1/tenants/${firm.id}/outcomes/${id}/replay`, firm.adminKey)).status).toBe(status);
    });

    it('refuses a cursor it did not issue', async () => {
      expect(await admin(stack, 'GET', `/v1/tenants/${firm.id}/outcomes?cursor=bogus`, firm.adminKey)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_cursor' } },
      });
    });

    it('replays a skipped event once the rule changed, and refuses to replay a logged one', async () => {
      // Prepare
      const callSid = sid('CA');
      await postTwilio(stack, twilioCallParams({ CallSid: callSid, CallStatus: 'no-answer' }), { tenantId: firm.id, authToken: 'firm-twilio-token' });
      const skipped = await waitForOutcome(stack, firm.id, `twilio:call:${callSid}`);
      await admin(stack, 'PATCH', `/v1/tenants/${firm.id}/settings`, firm.adminKey, { logMissedCalls: true });
      // Act
      const replay = await admin(stack, 'POST', `/v1/tenants/${firm.id}/outcomes/${encodeURIComponent(skipped.eventId)}/replay`, firm.adminKey);
      const outcome = await waitForStatus(stack, firm.id, skipped.eventId, 'logged');
      const again = await admin(stack, 'POST', `/v1/tenants/${firm.id}/outcomes/${encodeURIComponent(skipped.eventId)}/replay`, firm.adminKey);
      // Assess
      expect(skipped.reason).toBe('missed_call');
      expect(replay).toEqual({ status: 202, body: { eventId: skipped.eventId, status: 'queued' } });
      expect(outcome?.status).toBe('logged');
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'already_logged' } } });
    }, 90_000);
  });
});
