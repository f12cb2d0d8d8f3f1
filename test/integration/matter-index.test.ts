import { createHmac } from 'node:crypto';
import { createPhoneIndexSyncHandler } from '../../lambdas/phone-index-sync/create-handler.js';
import { createClioHookRenewalHandler } from '../../lambdas/clio-hook-renewal/create-handler.js';
import { localContext } from '../../local/lambda-context.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import type { LocalStack } from '../../local/stack.js';
import { hookUrl } from '../../shared/use-cases/contact-hooks.js';
import { runSync, startFullSync } from '../../shared/use-cases/sync-contacts.js';
import { runMatterSync } from '../../shared/use-cases/sync-matters.js';
import { admin } from '../support/admin.js';
import { addTenant, communicationsFor, postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';

/** Clients of our own beside the demo fixture's (Jane Smith, client of 902; Priya Patel, related to it). */
const SEED = {
  contacts: [
    { id: 3001, type: 'Person', first_name: 'Omar', last_name: 'Haddad', is_client: true, phone_numbers: [{ number: '(503) 555-0170', name: 'Work' }] },
    { id: 3002, type: 'Person', first_name: 'Dana', last_name: 'Kim', is_client: true, phone_numbers: [{ number: '(503) 555-0171', name: 'Work' }] },
    { id: 3003, type: 'Person', first_name: 'Lee', last_name: 'Park', is_client: true, phone_numbers: [{ number: '(503) 555-0172', name: 'Work' }] },
  ],
  matters: [
    { id: 950, display_number: '00950-Haddad', description: 'Lease dispute', status: 'Open', client: { id: 3001 }, open_date: '2025-01-10', updated_at: '2026-01-10T10:00:00Z' },
    { id: 960, display_number: '00960-Kim', description: 'Divorce', status: 'Open', client: { id: 3002 }, open_date: '2025-02-01', updated_at: '2026-02-01T10:00:00Z' },
    { id: 961, display_number: '00961-Kim', description: 'Custody', status: 'Open', client: { id: 3002 }, open_date: '2025-03-01', updated_at: '2026-03-01T10:00:00Z' },
    { id: 970, display_number: '00970-Park', description: 'Will', status: 'Open', client: { id: 3003 }, open_date: '2025-04-01', updated_at: '2026-04-01T10:00:00Z' },
  ],
};

describe('the matter index', () => {
  let stack: LocalStack;
  const demoKey = 'demo-admin-key';
  const clio = (method: string, path: string, data?: unknown) => fetch(`${stack.clioUrl}/api/v4/${path}`, {
    method, headers: { authorization: `Bearer ${stack.demo.clioAccessToken}`, 'content-type': 'application/json' }, ...(data ? { body: JSON.stringify({ data }) } : {}),
  });
  const requestsSince = (mark: number) => simState(stack).requests.slice(mark).map((r) => `${r.method} ${r.path} ${r.status}`);
  const call = async (from: string) => {
    const callSid = sid('CA');
    await postTwilio(stack, twilioCallParams({ CallSid: callSid, From: from }));
    return waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
  };
  const tenant = async () => (await stack.adapters.tenants.get('demo')) ?? (() => { throw new Error('no demo'); })();
  const matterHook = () => simState(stack).webhooks.find((h) => h.model === 'matter');

  beforeAll(async () => {
    stack = await startTestStack({ phoneIndexSyncEveryMs: 0 });
    await fetch(`${stack.clioUrl}/__sim/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SEED) });
  });
  afterAll(() => stack.stop());

  it('is built by the same sync as the phone index, with only what matter choice needs, and Clio tells it of every matter change', async () => {
    // Act
    const sync = await admin(stack, 'POST', '/v1/tenants/demo/clio/sync', demoKey);
    // Assess
    expect(sync).toMatchObject({ status: 200, body: { status: 'complete', matters: { status: 'complete', resumable: false } } });
    expect(await stack.adapters.matters.lookup('demo', 1001)).toEqual([{ id: 902, status: 'Open', openDate: '2025-11-20', updatedAt: '2026-01-02T04:04:05Z' }]);
    expect((await stack.adapters.matters.lookup('demo', 1004))?.map((m) => m.id)).toEqual([902]);
    expect((await stack.adapters.matters.lookup('demo', 3002))?.map((m) => m.id).sort()).toEqual([960, 961]);
    expect(await stack.adapters.matters.lookup('demo', 1002)).toEqual([]);
    expect(await stack.adapters.matters.connectedUser('demo')).toBe(345);
    expect(matterHook()).toMatchObject({ status: 'enabled', events: expect.arrayContaining(['updated', 'deleted', 'matter_closed']) as unknown });
  });

  it('files a client\'s and a related party\'s call on their matter with no Clio read', async () => {
    // Prepare: one call first, so the tokens are cached as they are on a warm processor
    await call('+14155550100');
    const mark = simState(stack).requests.length;
    // Act
    const client = await call('+14155550100');
    const related = await call('+16465550142');
    // Assess
    expect([client.clio.matterId, related.clio.matterId]).toEqual([902, 902]);
    expect(requestsSince(mark)).toEqual(['POST /api/v4/communications.json 201', 'POST /api/v4/activities.json 201', 'POST /api/v4/communications.json 201', 'POST /api/v4/activities.json 201']);
  });

  it('reads a delivered matter back: a signed delivery saying a matter closed does not close an open one', async () => {
    // Prepare
    const secret = (await stack.adapters.tenants.clioHook('demo', 'matter'))?.secret ?? '';
    const token = (await stack.adapters.tenants.clioHook('demo', 'matter'))?.token ?? '';
    const body = JSON.stringify({ data: { id: 902, status: 'Closed' }, meta: { event: 'matter_closed', webhook_id: 1 } });
    // Act
    const response = await fetch(hookUrl(stack.url, 'demo', token), { method: 'POST', headers: { 'content-type': 'application/json', 'x-hook-signature': createHmac('sha256', secret).update(body).digest('hex') }, body });
    const unsigned = await fetch(hookUrl(stack.url, 'demo', token), { method: 'POST', headers: { 'content-type': 'application/json', 'x-hook-signature': '00' }, body });
    // Assess
    expect([response.status, unsigned.status]).toEqual([200, 401]);
    expect((await stack.adapters.matters.lookup('demo', 1001))?.map((m) => m.id)).toEqual([902]);
  });

  it('stops choosing a matter closed in Clio after the sync as soon as its change arrives', async () => {
    // Prepare: Omar's only matter is chosen, then closed in Clio
    expect((await call('+15035550170')).clio.matterId).toBe(950);
    const closed = await clio('PATCH', 'matters/950.json', { status: 'Closed' });
    await stack.clioSim?.webhooksSettled();
    // Act
    const outcome = await call('+15035550170');
    // Assess
    expect(closed.status).toBe(200);
    expect(await stack.adapters.matters.lookup('demo', 3001)).toEqual([]);
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 3001 } });
    expect(outcome.clio.matterId).toBeUndefined();
    expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'matter', decision: 'none', detail: { source: 'matter_index' } }));
  });

  it('picks up a related party added in Clio since the last run', async () => {
    // Prepare: Robert Chen (1002) becomes a witness on Lee Park's matter
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const added = await clio('POST', 'relationships.json', { description: 'Witness', contact: { id: 1002 }, matter: { id: 970 } });
    // Act
    await runMatterSync(stack.adapters, await tenant(), Date.now() + 10_000);
    // Assess
    expect(added.status).toBe(201);
    expect((await stack.adapters.matters.lookup('demo', 1002))?.map((m) => m.id)).toEqual([970]);
  });

  it('costs one refused write for a matter deleted after the sync, then files the call on the right one', async () => {
    // Prepare: Dana's newer matter deleted in Clio, and its webhook lost (the hook is gone); the firm links the latest
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', demoKey, { matterSelection: 'most-recent-open' });
    await clio('DELETE', `webhooks/${matterHook()?.id ?? 0}.json`);
    const deleted = await clio('DELETE', 'matters/961.json');
    const mark = simState(stack).requests.length;
    // Act
    const outcome = await call('+15035550171');
    // Assess
    expect(deleted.status).toBe(204);
    expect(requestsSince(mark)).toEqual([
      'POST /api/v4/communications.json 422', 'GET /api/v4/matters/961.json 404',
      'POST /api/v4/communications.json 201', 'POST /api/v4/activities.json 201',
    ]);
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 3002, matterId: 960 } });
    expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'matter', decision: 'stale_index_entry', detail: { matterId: 961 } }));
    expect(communicationsFor(stack, outcome.eventId).map((c) => c.matter?.id)).toEqual([960]);
    expect((await stack.adapters.matters.lookup('demo', 3002))?.map((m) => m.id)).toEqual([960]);
  });

  it('logs the call with no matter when the deleted matter was the caller\'s only one', async () => {
    // Prepare
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', demoKey, { matterSelection: 'single-open' });
    await clio('DELETE', 'matters/970.json');
    // Act
    const outcome = await call('+15035550172');
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 3003 } });
    expect(outcome.clio.matterId).toBeUndefined();
    expect(communicationsFor(stack, outcome.eventId).map((c) => c.matter)).toEqual([null]);
    expect(await stack.adapters.matters.lookup('demo', 3003)).toEqual([]);
  });

  it('is started by the schedule for a firm whose phone index was built before it had one, then subscribed by the renewal', async () => {
    // Prepare: a firm with a complete phone index and no matter index
    await addTenant(stack, 'earlier', {});
    const earlier = (await stack.adapters.tenants.get('earlier')) ?? (() => { throw new Error('no firm'); })();
    await startFullSync(stack.adapters, earlier);
    await runSync(stack.adapters, earlier, Date.now() + 10_000);
    expect(await stack.adapters.matters.syncState('earlier')).toBeUndefined();
    // Act
    await createPhoneIndexSyncHandler(stack.adapters)({}, localContext('phone-index-sync', 60_000));
    const renewed = await createClioHookRenewalHandler(stack.adapters)({}, localContext('clio-hook-renewal'));
    // Assess
    expect(await stack.adapters.matters.syncState('earlier')).toMatchObject({ status: 'complete' });
    expect((await stack.adapters.matters.lookup('earlier', 3002))?.map((m) => m.id)).toEqual([960]);
    expect(renewed).toMatchObject({ registered: 2 });
    expect(await stack.adapters.tenants.clioHook('earlier', 'matter')).toMatchObject({ id: expect.any(Number) as number, secret: expect.any(String) as string });
  });
});
