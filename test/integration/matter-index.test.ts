import { createHmac } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createPhoneIndexSyncHandler } from '../../lambdas/phone-index-sync/create-handler.js';
import { createClioHookRenewalHandler } from '../../lambdas/clio-hook-renewal/create-handler.js';
import { localContext } from '../../local/lambda-context.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import type { LocalStack } from '../../local/stack.js';
import { createDynamoMatterIndex } from '../../shared/adapters/dynamodb/matter-index.adapter.js';
import { systemClock } from '../../shared/ports/clock.js';
import { hookUrl } from '../../shared/use-cases/contact-hooks.js';
import { runSync, startFullSync } from '../../shared/use-cases/sync-contacts.js';
import { runMatterSync, startMatterSync } from '../../shared/use-cases/sync-matters.js';
import { admin } from '../support/admin.js';
import { addTenant, communicationsFor, emulatorDocuments, postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';
import { pollUntil, QUEUED_WORK_TIMEOUT_MS } from '../support/waits.js';

/** Clients of our own beside the demo fixture's (Jane Smith, client of 902; Priya Patel, related to it). */
const SEED = {
  contacts: [
    { id: 3001, type: 'Person', first_name: 'Omar', last_name: 'Haddad', is_client: true, phone_numbers: [{ number: '(503) 555-0170', name: 'Work' }] },
    { id: 3002, type: 'Person', first_name: 'Dana', last_name: 'Kim', is_client: true, phone_numbers: [{ number: '(503) 555-0171', name: 'Work' }] },
    { id: 3003, type: 'Person', first_name: 'Lee', last_name: 'Park', is_client: true, phone_numbers: [{ number: '(503) 555-0172', name: 'Work' }] },
    ...['Ana Ruiz', 'Ben Ortiz', 'Cai Lin', 'Dee Moss', 'Eli Nash', 'Fay Gold', 'Gus Hale'].map((name, i) => ({
      id: 3011 + i,
      type: 'Person' as const,
      first_name: name.split(' ')[0] ?? '',
      last_name: name.split(' ')[1] ?? '',
      is_client: true,
      phone_numbers: [{ number: `(503) 555-018${i}`, name: 'Work' as const }],
    })),
    { id: 3018, type: 'Person', first_name: 'Hal', last_name: 'Ives', is_client: true, phone_numbers: [{ number: '(503) 555-0187', name: 'Work' }] },
    { id: 3019, type: 'Person', first_name: 'Ida', last_name: 'Jones', is_client: true, phone_numbers: [{ number: '(503) 555-0188', name: 'Work' }] },
  ],
  matters: [
    {
      id: 950,
      display_number: '00950-Haddad',
      description: 'Lease dispute',
      status: 'Open',
      client: { id: 3001 },
      open_date: '2025-01-10',
      updated_at: '2026-01-10T10:00:00Z',
    },
    {
      id: 960,
      display_number: '00960-Kim',
      description: 'Divorce',
      status: 'Open',
      client: { id: 3002 },
      open_date: '2025-02-01',
      updated_at: '2026-02-01T10:00:00Z',
    },
    {
      id: 961,
      display_number: '00961-Kim',
      description: 'Custody',
      status: 'Open',
      client: { id: 3002 },
      open_date: '2025-03-01',
      updated_at: '2026-03-01T10:00:00Z',
    },
    {
      id: 970,
      display_number: '00970-Park',
      description: 'Will',
      status: 'Open',
      client: { id: 3003 },
      open_date: '2025-04-01',
      updated_at: '2026-04-01T10:00:00Z',
    },
    // Ana Ruiz's lease, on which Ben Ortiz is a related party; Eli Nash's estate; Cai Lin's two matters; Fay Gold's two
    {
      id: 980,
      display_number: '00980-Ruiz',
      description: 'Lease',
      status: 'Open',
      client: { id: 3011 },
      open_date: '2025-05-01',
      updated_at: '2026-05-01T10:00:00Z',
    },
    {
      id: 982,
      display_number: '00982-Ruiz',
      description: 'Old lease',
      status: 'Closed',
      client: { id: 3011 },
      open_date: '2024-05-01',
      updated_at: '2025-05-01T10:00:00Z',
    },
    {
      id: 983,
      display_number: '00983-Nash',
      description: 'Estate',
      status: 'Open',
      client: { id: 3015 },
      open_date: '2025-05-02',
      updated_at: '2025-12-01T10:00:00Z',
    },
    {
      id: 990,
      display_number: '00990-Lin',
      description: 'Contract',
      status: 'Open',
      client: { id: 3013 },
      open_date: '2025-06-01',
      updated_at: '2026-06-01T10:00:00Z',
    },
    {
      id: 991,
      display_number: '00991-Lin',
      description: 'Loan',
      status: 'Open',
      client: { id: 3013 },
      open_date: '2025-06-02',
      updated_at: '2026-06-02T10:00:00Z',
    },
    {
      id: 994,
      display_number: '00994-Gold',
      description: 'Claim',
      status: 'Open',
      client: { id: 3016 },
      open_date: '2025-07-01',
      updated_at: '2026-07-01T10:00:00Z',
    },
    {
      id: 995,
      display_number: '00995-Gold',
      description: 'Appeal',
      status: 'Open',
      client: { id: 3016 },
      open_date: '2025-07-02',
      updated_at: '2026-07-02T10:00:00Z',
    },
    // Hal Ives's two
    {
      id: 996,
      display_number: '00996-Ives',
      description: 'Claim',
      status: 'Open',
      client: { id: 3018 },
      open_date: '2025-08-01',
      updated_at: '2026-08-01T10:00:00Z',
    },
    {
      id: 997,
      display_number: '00997-Ives',
      description: 'Appeal',
      status: 'Open',
      client: { id: 3018 },
      open_date: '2025-08-02',
      updated_at: '2026-08-02T10:00:00Z',
    },
  ],
  relationships: [{ id: 701, description: 'Guarantor', contact: { id: 3012 }, matter: { id: 980 } }],
};

describe('the matter index', () => {
  let stack: LocalStack;
  const demoKey = 'demo-admin-key';
  const clio = (method: string, path: string, data?: unknown) =>
    fetch(`${stack.clioUrl}/api/v4/${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.demo.clioAccessToken}`, 'content-type': 'application/json' },
      ...(data ? { body: JSON.stringify({ data }) } : {}),
    });
  const requestsSince = (mark: number) =>
    simState(stack)
      .requests.slice(mark)
      .map((r) => `${r.method} ${r.path} ${r.status}`);
  const call = async (from: string) => {
    const callSid = sid('CA');
    await postTwilio(stack, twilioCallParams({ CallSid: callSid, From: from }));
    return waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
  };
  const tenant = async (id = 'demo') =>
    (await stack.adapters.tenants.get(id)) ??
    (() => {
      throw new Error(`no ${id}`);
    })();
  const seed = (data: unknown) =>
    fetch(`${stack.clioUrl}/__sim/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
  const mattersOf = async (contactId: number) => (await stack.adapters.matters.lookup('demo', contactId))?.map((m) => m.id).sort();
  const deliver = async (data: unknown, event = 'updated') => {
    const hook = await stack.adapters.tenants.clioHook('demo', 'matter');
    const body = JSON.stringify({ data, meta: { event, webhook_id: hook?.id ?? 0 } });
    const signature = createHmac('sha256', hook?.secret ?? '')
      .update(body)
      .digest('hex');
    return fetch(hookUrl(stack.url, 'demo', hook?.token ?? ''), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
      body,
    });
  };
  const matterHook = () => simState(stack).webhooks.find((h) => h.model === 'matter');
  const rawDocuments = () => emulatorDocuments(stack);
  const fault = (data: unknown) =>
    fetch(`${stack.clioUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });

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

  it("files a client's and a related party's call on their matter with no Clio read", async () => {
    // Prepare: one call first, so the tokens are cached as they are on a warm processor
    await call('+14155550100');
    const mark = simState(stack).requests.length;
    // Act
    const client = await call('+14155550100');
    const related = await call('+16465550142');
    // Assess
    expect([client.clio.matterId, related.clio.matterId]).toEqual([902, 902]);
    expect(requestsSince(mark)).toEqual([
      'POST /api/v4/communications.json 201',
      'POST /api/v4/activities.json 201',
      'POST /api/v4/communications.json 201',
      'POST /api/v4/activities.json 201',
    ]);
  });

  it('reads a delivered matter back: a signed delivery saying a matter closed does not close an open one', async () => {
    // Prepare
    const secret = (await stack.adapters.tenants.clioHook('demo', 'matter'))?.secret ?? '';
    const token = (await stack.adapters.tenants.clioHook('demo', 'matter'))?.token ?? '';
    const body = JSON.stringify({ data: { id: 902, status: 'Closed' }, meta: { event: 'matter_closed', webhook_id: 1 } });
    // Act
    const response = await fetch(hookUrl(stack.url, 'demo', token), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': createHmac('sha256', secret).update(body).digest('hex') },
      body,
    });
    const unsigned = await fetch(hookUrl(stack.url, 'demo', token), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': '00' },
      body,
    });
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
      'POST /api/v4/communications.json 422',
      'GET /api/v4/matters/961.json 404',
      'POST /api/v4/communications.json 201',
      'POST /api/v4/activities.json 201',
    ]);
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 3002, matterId: 960 } });
    expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'matter', decision: 'stale_index_entry', detail: { matterId: 961 } }));
    expect(communicationsFor(stack, outcome.eventId).map((c) => c.matter?.id)).toEqual([960]);
    expect((await stack.adapters.matters.lookup('demo', 3002))?.map((m) => m.id)).toEqual([960]);
  });

  it("logs the call with no matter when the deleted matter was the caller's only one", async () => {
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

  it('forgets, at the next full sync, a related party taken off a matter and a matter closed while no change reached us', async () => {
    // Prepare: Ben Ortiz's relationship moves to Ana's closed matter; Eli Nash's estate closes with no webhook, dated
    // before the last refresh (no increment sees it)
    expect([await mattersOf(3012), await mattersOf(3015)]).toEqual([[980], [983]]);
    await seed({ relationships: [{ id: 701, description: 'Guarantor', contact: { id: 3012 }, matter: { id: 982 } }] });
    await seed({
      matters: [
        {
          id: 983,
          display_number: '00983-Nash',
          description: 'Estate',
          status: 'Closed',
          client: { id: 3015 },
          open_date: '2025-05-02',
          updated_at: '2025-12-02T10:00:00Z',
        },
      ],
    });
    // Act
    const sync = await admin(stack, 'POST', '/v1/tenants/demo/clio/sync', demoKey);
    const outcome = await call('+15035550181');
    // Assess
    expect(sync).toMatchObject({ status: 200, body: { matters: { status: 'complete' } } });
    expect([await mattersOf(3012), await mattersOf(3015), await mattersOf(3011)]).toEqual([[], [], [980]]);
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 3012 } });
    expect(outcome.clio.matterId).toBeUndefined();
  });

  it('lets the next increment read from the start of the last full sync, which reflects every change before it', async () => {
    // Prepare
    const before = await stack.adapters.matters.syncState('demo');
    // Act
    await admin(stack, 'POST', '/v1/tenants/demo/clio/sync', demoKey);
    const after = await stack.adapters.matters.syncState('demo');
    const mark = simState(stack).requests.length;
    await runMatterSync(stack.adapters, await tenant(), Date.now() + 10_000);
    // Assess
    expect(before?.syncedThrough).toEqual(expect.any(String));
    expect(after).toMatchObject({ status: 'complete', syncedThrough: after?.startedAt, format: 2 });
    expect(Date.parse(after?.syncedThrough ?? '')).toBeGreaterThan(Date.parse(before?.syncedThrough ?? ''));
    const since = new Date(Date.parse(after?.startedAt ?? '') - 60_000).toISOString();
    expect(
      simState(stack)
        .requests.slice(mark)
        .filter((r) => r.path === '/api/v4/matters.json')
        .map((r) => r.query.updated_since),
    ).toEqual([since]);
  });

  it("drops a former client from a matter whose client changed, by the next increment or the matter's webhook", async () => {
    // Prepare: Cai Lin's two matters pass to Dee Moss
    expect(await mattersOf(3013)).toEqual([990, 991]);
    await seed({
      matters: [990, 991].map((id) => ({
        id,
        description: 'Contract',
        status: 'Open',
        client: { id: 3014 },
        open_date: '2025-06-01',
        updated_at: new Date().toISOString(),
      })),
    });
    // Act: the increment sees 990 and 991; then a delivery of 991's change is read back
    await runMatterSync(stack.adapters, await tenant(), Date.now() + 10_000);
    const afterIncrement = [await mattersOf(3013), await mattersOf(3014)];
    await stack.adapters.matters.put('demo', { id: 991, status: 'Open', clientId: 3013, related: [] }, 'replace');
    const delivered = await deliver({ id: 991, status: 'Open', updated_at: new Date().toISOString(), client: { id: 3014 } });
    // Assess
    expect(afterIncrement).toEqual([[], [990, 991]]);
    expect(delivered.status).toBe(200);
    expect([await mattersOf(3013), await mattersOf(3014)]).toEqual([[], [990, 991]]);
  });

  it("checks an ambiguous answer with Clio and forgets a deleted candidate, so a single-open firm's call finds its matter", async () => {
    // Prepare: Dee Moss has two matters in the index; one is deleted in Clio with its webhook lost
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', demoKey, { matterSelection: 'single-open' });
    await clio('DELETE', 'matters/991.json');
    expect(await mattersOf(3014)).toEqual([990, 991]);
    const mark = simState(stack).requests.length;
    // Act
    const outcome = await call('+15035550183');
    // Assess
    expect(requestsSince(mark)).toEqual([
      'GET /api/v4/matters.json 200',
      'GET /api/v4/relationships.json 200',
      'GET /api/v4/matters/991.json 404',
      'POST /api/v4/communications.json 201',
      'POST /api/v4/activities.json 201',
    ]);
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 3014, matterId: 990 } });
    expect(outcome.trace).toContainEqual(
      expect.objectContaining({ step: 'matter', decision: 'ambiguous', detail: { source: 'matter_index', candidates: [990, 991] } }),
    );
    expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'matter', decision: 'stale_index_entry', detail: { matterId: 991 } }));
    expect(await mattersOf(3014)).toEqual([990]);
  });

  it("moves the Communication to the matter chosen again when Clio refuses its time entry's matter, deleted in between", async () => {
    // Prepare: Fay Gold's newer matter is chosen; it is deleted while the time entry is on its way
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', demoKey, { matterSelection: 'most-recent-open' });
    const chaos = (method: string, data?: unknown) =>
      fetch(`${stack.clioUrl}/__sim/chaos`, { method, headers: { 'content-type': 'application/json' }, ...(data ? { body: JSON.stringify(data) } : {}) });
    // Clio holds the time entry 5 s: time enough to delete the matter, well short of our Clio client's 10 s timeout
    await chaos('POST', { seed: 1, rules: [{ method: 'POST', path: '/api/v4/activities.json', kind: 'slow', rate: 1, delayMs: 5000 }] });
    const callSid = sid('CA');
    const eventId = `twilio:call:${callSid}`;
    const mark = simState(stack).requests.length;
    // Act
    await postTwilio(stack, twilioCallParams({ CallSid: callSid, From: '+15035550185' }));
    await pollUntil(
      () => communicationsFor(stack, eventId),
      (written) => written.length > 0,
      QUEUED_WORK_TIMEOUT_MS,
      50,
    );
    await clio('DELETE', 'matters/995.json');
    await chaos('DELETE');
    const outcome = await waitForOutcome(stack, 'demo', eventId, QUEUED_WORK_TIMEOUT_MS);
    // Assess: one Communication and one time entry, both on the matter chosen again
    const [communication] = communicationsFor(stack, eventId);
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 3016, matterId: 994, communicationId: communication?.id } });
    expect(communicationsFor(stack, eventId).map((c) => c.matter?.id)).toEqual([994]);
    expect(
      simState(stack)
        .activities.filter((a) => a.communication?.id === communication?.id)
        .map((a) => a.matter?.id),
    ).toEqual([994]);
    expect(requestsSince(mark)).toEqual([
      'POST /api/v4/communications.json 201',
      'DELETE /api/v4/matters/995.json 204',
      'POST /api/v4/activities.json 422',
      'GET /api/v4/matters/995.json 404',
      `PATCH /api/v4/communications/${communication?.id ?? 0}.json 200`,
      'POST /api/v4/activities.json 201',
    ]);
    expect(outcome.trace).toContainEqual(
      expect.objectContaining({ step: 'communication', decision: 'moved', detail: { communicationId: communication?.id, fromMatterId: 995, toMatterId: 994 } }),
    );
  }, 90_000);

  it('does not read back a delivered matter at the version the index holds', async () => {
    // Prepare: the matter as Clio has it, and as indexed
    const current = (await (await clio('GET', 'matters/980.json?fields=id,status,updated_at,client{id}')).json()) as {
      data: { id: number; status: string; updated_at: string; client: { id: number } };
    };
    const mark = simState(stack).requests.length;
    // Act
    const same = await deliver(current.data);
    const unchanged = requestsSince(mark);
    const newer = await deliver({ ...current.data, updated_at: new Date(Date.parse(current.data.updated_at) + 1000).toISOString() });
    // Assess
    expect([same.status, newer.status]).toEqual([200, 200]);
    expect(unchanged).toEqual([]);
    expect(requestsSince(mark)).toEqual(['GET /api/v4/matters/980.json 200', 'GET /api/v4/relationships.json 200']);
    expect(await mattersOf(3011)).toEqual([980]);
  });

  it('is started by the schedule for a firm whose phone index was built before it had one, then subscribed by the renewal', async () => {
    // Prepare: a firm with a complete phone index and no matter index
    await addTenant(stack, 'earlier', {});
    const earlier =
      (await stack.adapters.tenants.get('earlier')) ??
      (() => {
        throw new Error('no firm');
      })();
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
    expect(await stack.adapters.tenants.clioHook('earlier', 'matter')).toMatchObject({
      id: expect.any(Number) as number,
      secret: expect.any(String) as string,
    });
  });

  it('resumes, on the schedule and after a wait, a first matter sync that failed, from where it stopped', async () => {
    // Prepare: a firm whose first matter sync Clio refused once its matters were read
    await addTenant(stack, 'refused', {});
    await startMatterSync(stack.adapters, await tenant('refused'));
    await fault({ method: 'GET', path: '/api/v4/relationships.json', status: 403 });
    const failed = await runMatterSync(stack.adapters, await tenant('refused'), Date.now() + 10_000);
    const mark = simState(stack).requests.length;
    // Act: the next run comes before the wait is over; one two hours later resumes
    await createPhoneIndexSyncHandler(stack.adapters)({}, localContext('phone-index-sync', 60_000));
    const waiting = await stack.adapters.matters.syncState('refused');
    const later = { ...stack.adapters, clock: { now: () => new Date(Date.now() + 2 * 3_600_000) } };
    const resumed = await runMatterSync(later, await tenant('refused'), Date.now() + 10_000);
    // Assess
    expect(failed).toMatchObject({ status: 'failed', phase: 'relationships', failures: 1, retryAt: expect.any(String) as string });
    expect(waiting).toMatchObject({ status: 'failed', failures: 1 });
    expect(resumed).toMatchObject({ status: 'complete', startedAt: failed?.startedAt, format: 2 });
    expect(resumed).not.toHaveProperty('error');
    expect(resumed).not.toHaveProperty('failures');
    expect(
      simState(stack)
        .requests.slice(mark)
        .filter((r) => r.query.client_id === undefined && r.path === '/api/v4/matters.json' && r.query.updated_since === undefined),
    ).toEqual([]);
    expect((await stack.adapters.matters.lookup('refused', 3011))?.map((m) => m.id)).toEqual([980]);
  });

  it('clears the error of a failed refresh once a later one completes', async () => {
    // Prepare
    await fault({ method: 'GET', path: '/api/v4/matters.json', status: 403 });
    const failed = await runMatterSync(stack.adapters, await tenant('refused'), Date.now() + 10_000);
    // Act
    const completed = await runMatterSync(stack.adapters, await tenant('refused'), Date.now() + 10_000);
    // Assess
    expect(failed).toMatchObject({ status: 'failed', error: expect.any(String) as string });
    expect(failed).not.toHaveProperty('retryAt');
    expect(completed).toMatchObject({ status: 'complete' });
    expect(completed).not.toHaveProperty('error');
  });

  it('builds again, on the schedule, an index of entries laid out before the client was kept apart', async () => {
    // Prepare: a firm whose complete index has a matter listing a former client among its parties
    await addTenant(stack, 'older', {});
    const older = await tenant('older');
    await startFullSync(stack.adapters, older);
    await runSync(stack.adapters, older, Date.now() + 10_000);
    const documents = rawDocuments();
    const at = '2026-01-01T00:00:00Z';
    await documents.send(
      new PutCommand({
        TableName: stack.config.phoneIndexTable,
        Item: { tenantId: 'older', e164: '#matters#matter#980', matter: { id: 980, status: 'Open' }, parties: [4242, 3011] },
      }),
    );
    await documents.send(
      new PutCommand({
        TableName: stack.config.phoneIndexTable,
        Item: { tenantId: 'older', e164: '#matters#party#4242#980', matter: { id: 980, status: 'Open' } },
      }),
    );
    await stack.adapters.matters.saveSyncState('older', {
      status: 'complete',
      startedAt: at,
      completedAt: at,
      syncedThrough: new Date().toISOString(),
      processed: 1,
    });
    expect(await stack.adapters.matters.lookup('older', 4242)).toEqual([{ id: 980, status: 'Open' }]);
    // Act
    await createPhoneIndexSyncHandler(stack.adapters)({}, localContext('phone-index-sync', 60_000));
    // Assess
    expect(await stack.adapters.matters.syncState('older')).toMatchObject({ status: 'complete', format: 2 });
    expect(await stack.adapters.matters.lookup('older', 4242)).toEqual([]);
    expect((await stack.adapters.matters.lookup('older', 3011))?.map((m) => m.id)).toEqual([980]);
  });

  it('adds a related party to a matter with as many writes whatever the number of its parties', async () => {
    // Prepare: the index over a client that counts what it sends; a matter with 300 parties
    const documents = rawDocuments();
    const sent: string[] = [];
    const counting = {
      send: (command: object) => {
        sent.push(command.constructor.name);
        return documents.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const index = createDynamoMatterIndex({ client: counting, tableName: stack.config.phoneIndexTable, clock: systemClock });
    await index.put('parties', { id: 9000, status: 'Open', clientId: 1, related: Array.from({ length: 299 }, (_, i) => 2 + i) }, 'replace');
    sent.length = 0;
    // Act
    await index.addParty('parties', 9000, 5000);
    // Assess
    expect(sent.filter((name) => name !== 'GetCommand' && name !== 'QueryCommand').length).toBeLessThanOrEqual(2);
    expect(await index.indexedVersion('parties', 9000)).toEqual({ status: 'Open', clientId: 1 });
    await index.saveSyncState('parties', { status: 'complete', startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:00Z', processed: 1 });
    expect((await index.lookup('parties', 5000))?.map((m) => m.id)).toEqual([9000]);
  });
  it('moves, on the retry, a Communication left on a refused matter by an attempt that could not move it', async () => {
    // Prepare: Hal Ives's newer matter is chosen, deleted while the time entry is on its way, and the move fails once
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', demoKey, { matterSelection: 'most-recent-open' });
    const chaos = (method: string, data?: unknown) =>
      fetch(`${stack.clioUrl}/__sim/chaos`, { method, headers: { 'content-type': 'application/json' }, ...(data ? { body: JSON.stringify(data) } : {}) });
    // Clio holds the time entry 5 s: time enough to delete the matter, well short of our Clio client's 10 s timeout
    await chaos('POST', { seed: 1, rules: [{ method: 'POST', path: '/api/v4/activities.json', kind: 'slow', rate: 1, delayMs: 5000 }] });
    const callSid = sid('CA');
    const eventId = `twilio:call:${callSid}`;
    // Act
    await postTwilio(stack, twilioCallParams({ CallSid: callSid, From: '+15035550187' }));
    const [written] = await pollUntil(
      () => communicationsFor(stack, eventId),
      (communications) => communications.length > 0,
      QUEUED_WORK_TIMEOUT_MS,
      50,
    );
    await fault({ method: 'PATCH', path: `/api/v4/communications/${written?.id ?? 0}.json`, status: 500 });
    await clio('DELETE', 'matters/997.json');
    await chaos('DELETE');
    const outcome = await waitForOutcome(stack, 'demo', eventId, QUEUED_WORK_TIMEOUT_MS);
    // Assess: one Communication and one time entry, both on the matter chosen again
    const patches = simState(stack)
      .requests.filter((r) => r.method === 'PATCH' && r.path === `/api/v4/communications/${written?.id ?? 0}.json`)
      .map((r) => r.status);
    expect(patches).toEqual([500, 200]);
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 3018, matterId: 996, communicationId: written?.id } });
    expect(communicationsFor(stack, eventId).map((c) => c.matter?.id)).toEqual([996]);
    expect(
      simState(stack)
        .activities.filter((a) => a.communication?.id === written?.id)
        .map((a) => a.matter?.id),
    ).toEqual([996]);
    expect(outcome.trace).toContainEqual(
      expect.objectContaining({
        step: 'communication',
        decision: 'moved',
        detail: expect.objectContaining({ communicationId: written?.id, toMatterId: 996 }) as unknown,
      }),
    );
  }, 90_000);

  it('tells a Communication Clio no longer has from a move refused for its matter', async () => {
    // Prepare: a Communication on Hal Ives's matter; Clio answers its move 404 once
    const gateway = await stack.adapters.clio.forTenant(await tenant());
    const id = await gateway.createCommunication({
      subject: 'Inbound call',
      body: 'b',
      receivedAt: '2026-01-02T08:04:05Z',
      senders: [{ id: 3018, type: 'Contact' }],
      receivers: [{ id: 345, type: 'User' }],
      eventId: `twilio:call:${sid('CA')}`,
      matterId: 996,
    });
    await fault({ method: 'PATCH', path: `/api/v4/communications/${id}.json`, status: 404 });
    // Act
    const refused = await gateway.moveCommunication(id, 980).then(
      () => 'moved',
      (error: unknown) => error,
    );
    const gone = await gateway.moveCommunication(987_654, 980);
    // Assess
    expect(refused).toMatchObject({ name: 'ClioRejectedError', status: 404 });
    expect(gone).toBe(false);
    expect(simState(stack).communications.find((c) => c.id === id)?.matter?.id).toBe(996);
  });

  it("keeps an ambiguous candidate that Clio's first page of the contact's matters leaves out, once read back", async () => {
    // Prepare: Ida Jones, client of 998 and related to 999, is related to 200 closed matters listed before 999
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', demoKey, { matterSelection: 'single-open' });
    const closed = Array.from({ length: 200 }, (_, i) => 5001 + i);
    await seed({
      matters: [
        {
          id: 998,
          display_number: '00998-Jones',
          description: 'Sale',
          status: 'Open',
          client: { id: 3019 },
          open_date: '2025-09-01',
          updated_at: '2026-09-01T10:00:00Z',
        },
        {
          id: 999,
          display_number: '00999-Ruiz',
          description: 'Purchase',
          status: 'Open',
          client: { id: 3011 },
          open_date: '2025-09-02',
          updated_at: '2026-09-02T10:00:00Z',
        },
        ...closed.map((id) => ({
          id,
          display_number: `0${id}-Old`,
          description: 'Old',
          status: 'Closed',
          client: { id: 3011 },
          open_date: '2020-01-01',
          updated_at: '2021-01-01T10:00:00Z',
        })),
      ],
      relationships: [
        ...closed.map((id) => ({ id: 3000 + id, description: 'Witness', contact: { id: 3019 }, matter: { id } })),
        { id: 9999, description: 'Buyer', contact: { id: 3019 }, matter: { id: 999 } },
      ],
    });
    await stack.adapters.matters.put('demo', { id: 998, status: 'Open', clientId: 3019, related: [] }, 'replace');
    await stack.adapters.matters.put('demo', { id: 999, status: 'Open', clientId: 3011, related: [3019] }, 'replace');
    // Act
    const outcome = await call('+15035550188');
    // Assess: 999 was read back, and stays the contact's: two candidates, no matter chosen
    expect(outcome.trace).toContainEqual(
      expect.objectContaining({ step: 'matter', decision: 'ambiguous', detail: { source: 'clio', candidates: [998, 999] } }),
    );
    expect(outcome.clio.matterId).toBeUndefined();
    expect(await mattersOf(3019)).toEqual([998, 999]);
  });

  it('keeps, through the sweep, a party a webhook delivery confirmed while it was being removed', async () => {
    // Prepare: matter 9100 confirmed by the sync (started at `before`), its related party 2 not; a delivery reads
    // the matter back with party 2 just as the sweep deletes that party's entry
    const documents = rawDocuments();
    const clockAt = (iso: string) => ({ now: () => new Date(iso) });
    const before = '2026-01-02T00:00:00.000Z';
    const delivered = createDynamoMatterIndex({ client: documents, tableName: stack.config.phoneIndexTable, clock: clockAt('2026-01-03T00:00:00.000Z') });
    let raced = false;
    const racing = {
      send: async (command: object) => {
        const result: unknown = await documents.send(command as never);
        if (!raced && command instanceof DeleteCommand && command.input.Key?.e164 === '#matters#party#2#9100') {
          raced = true;
          await delivered.put('race', { id: 9100, status: 'Open', clientId: 1, related: [2] }, 'replace');
        }
        return result;
      },
    } as unknown as DynamoDBDocumentClient;
    await createDynamoMatterIndex({ client: documents, tableName: stack.config.phoneIndexTable, clock: clockAt('2026-01-01T00:00:00.000Z') }).put(
      'race',
      { id: 9100, status: 'Open', clientId: 1, related: [2] },
      'replace',
    );
    const index = createDynamoMatterIndex({ client: racing, tableName: stack.config.phoneIndexTable, clock: clockAt('2026-01-02T01:00:00.000Z') });
    await index.put('race', { id: 9100, status: 'Open', clientId: 1, related: [] }, 'merge');
    await index.saveSyncState('race', { status: 'complete', startedAt: before, completedAt: before, processed: 1 });
    // Act
    let page = await index.sweep('race', before);
    while (page.next) page = await index.sweep('race', before, page.next);
    const afterSweep = (await index.lookup('race', 2))?.map((m) => m.id);
    await index.remove('race', 9100);
    // Assess: the party stays, and listed on its matter, so the matter's removal takes it along
    expect(raced).toBe(true);
    expect(afterSweep).toEqual([9100]);
    expect(await index.lookup('race', 2)).toEqual([]);
  });

  it('leaves to Clio a contact on more matters than one look-up reads', async () => {
    // Prepare
    const index = createDynamoMatterIndex({ client: rawDocuments(), tableName: stack.config.phoneIndexTable, clock: systemClock });
    for (let id = 1; id <= 201; id++) await index.put('many', { id, status: 'Open', clientId: 7, related: [] }, 'replace');
    await index.saveSyncState('many', { status: 'complete', startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:00Z', processed: 201 });
    // Act
    const many = await index.lookup('many', 7);
    await index.remove('many', 201);
    const fewer = await index.lookup('many', 7);
    // Assess
    expect(many).toBeUndefined();
    expect(fewer).toHaveLength(200);
  });
});
