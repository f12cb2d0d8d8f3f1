import { twilioCallParams } from '../../local/twilio-example.js';
import type { LocalStack } from '../../local/stack.js';
import { runSync, startFullSync } from '../../shared/use-cases/sync-contacts.js';
import { admin } from '../support/admin.js';
import { postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';

describe('the phone index', () => {
  let stack: LocalStack;
  const demoKey = 'demo-admin-key';

  beforeAll(async () => {
    stack = await startTestStack({ phoneIndexSyncEveryMs: 0 });
  });
  afterAll(() => stack.stop());

  const requestsSince = (mark: number) => simState(stack).requests.slice(mark);
  const call = async (from: string) => {
    const callSid = sid('CA');
    await postTwilio(stack, twilioCallParams({ CallSid: callSid, From: from }));
    return waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
  };
  const tenant = async () => {
    const found = await stack.adapters.tenants.get('demo');
    if (!found) throw new Error('no demo tenant');
    return found;
  };

  it('is built by a full sync that an admin starts and follows', async () => {
    // Act
    const before = await admin(stack, 'GET', '/v1/tenants/demo/clio/sync', demoKey);
    const started = await admin(stack, 'POST', '/v1/tenants/demo/clio/sync', demoKey);
    const progress = await admin(stack, 'GET', '/v1/tenants/demo/clio/sync', demoKey);
    // Assess
    expect(before).toMatchObject({ status: 404, body: { error: { code: 'never_synced' } } });
    expect(started).toMatchObject({ status: 200, body: { status: 'complete', processed: simState(stack).contacts.length, resumable: false } });
    expect(progress.body).toEqual(started.body);
    expect(await stack.adapters.index.lookup('demo', '+14375551234')).toEqual([expect.objectContaining({ id: 1002, name: 'Robert Chen' })]);
    expect(await stack.adapters.index.lookup('demo', '+12125550188')).toEqual([]);
  });

  it('matches a contact stored as 437.555.1234 with no search, and a call costs exactly 2 Clio requests', async () => {
    // Prepare: matter association off; the connected user already known
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', demoKey, { matterAssociation: false });
    await call('+14375551234');
    const mark = simState(stack).requests.length;
    // Act
    const outcome = await call('+14375551234');
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 1002 } });
    expect(outcome.trace).toContainEqual(
      expect.objectContaining({ step: 'contact_match', decision: 'matched', detail: expect.objectContaining({ source: 'phone_index' }) as unknown }),
    );
    expect(requestsSince(mark).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/communications.json', 'POST /api/v4/activities.json']);
  });

  it('costs no more with matter association on: the matter index the same sync built names the matter', async () => {
    // Prepare
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', demoKey, { matterAssociation: true });
    const mark = simState(stack).requests.length;
    // Act
    const outcome = await call('+14155550100');
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 1001, matterId: 902 } });
    expect(requestsSince(mark).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/communications.json', 'POST /api/v4/activities.json']);
  });

  it('indexes a contact the pipeline created, so its next call needs no search either', async () => {
    // Prepare
    const first = await call('+16175550123');
    const mark = simState(stack).requests.length;
    // Act
    const second = await call('+16175550123');
    // Assess
    expect(first.clio.createdContactId).toBeDefined();
    expect(second.clio.contactId).toBe(first.clio.createdContactId);
    expect(requestsSince(mark).some((r) => r.path === '/api/v4/contacts.json')).toBe(false);
  });

  it('resumes a full sync where it stopped, and reports its progress', async () => {
    // Prepare: 450 more contacts, three pages at 200 a page
    const contacts = Array.from({ length: 450 }, (_, i) => ({
      id: 20_000 + i,
      type: 'Person',
      first_name: 'Bulk',
      last_name: `Contact ${i}`,
      phone_numbers: [{ number: `(303) 555-${String(1000 + i).padStart(4, '0')}`, name: 'Work' }],
    }));
    await fetch(`${stack.clioUrl}/__sim/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contacts }) });
    const deps = { index: stack.adapters.index, clio: stack.adapters.clio, clock: stack.adapters.clock };
    await startFullSync(deps, await tenant());
    // Act: each run is out of time after one page
    const runs = [];
    for (let i = 0; i < 10; i++) {
      const state = await runSync(deps, await tenant(), Date.now());
      runs.push(state);
      if (state?.status === 'complete') break;
    }
    // Assess
    expect(runs.map((r) => r?.status)).toEqual(['running', 'running', 'complete']);
    expect(runs.map((r) => r?.processed)).toEqual([200, 400, simState(stack).contacts.length]);
    expect(await stack.adapters.index.lookup('demo', '+13035551449')).toEqual([expect.objectContaining({ id: 20_449 })]);
  });

  it('picks up contacts changed in Clio since the last run', async () => {
    // Prepare: a new contact typed in Clio by hand
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await fetch(`${stack.clioUrl}/api/v4/contacts.json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.demo.clioAccessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        data: {
          type: 'Person',
          first_name: 'Nadia',
          last_name: 'Okafor',
          phone_numbers: [{ name: 'Mobile', number: '+1 (720) 555-0199', default_number: true }],
        },
      }),
    });
    // Act
    await runSync({ index: stack.adapters.index, clio: stack.adapters.clio, clock: stack.adapters.clock }, await tenant(), Date.now() + 10_000);
    // Assess
    expect(await stack.adapters.index.lookup('demo', '+17205550199')).toEqual([expect.objectContaining({ name: 'Nadia Okafor' })]);
  });

  it('drops a contact deleted in Clio when Clio refuses it, and logs the call anyway', async () => {
    // Prepare: a contact in the index, then deleted in Clio
    const [entry] = (await stack.adapters.index.lookup('demo', '+17205550199')) ?? [];
    const deleted = await fetch(`${stack.clioUrl}/api/v4/contacts/${entry?.id ?? 0}.json`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${stack.demo.clioAccessToken}` },
    });
    // Act
    const outcome = await call('+17205550199');
    // Assess: the first attempt was refused, the entry dropped, the retry created the caller afresh
    expect(entry?.name).toBe('Nadia Okafor');
    expect(deleted.status).toBe(204);
    expect(outcome.status).toBe('logged');
    const sender = simState(stack).contacts.find((c) => c.id === outcome.clio.createdContactId);
    expect(sender?.name).toBe('Unknown (720) 555-0199');
    expect((await stack.adapters.index.lookup('demo', '+17205550199'))?.map((c) => c.name)).toEqual(['Unknown (720) 555-0199']);
  });
});
