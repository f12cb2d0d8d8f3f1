import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClioBudget } from '../../shared/adapters/dynamodb/clio-budget.adapter.js';
import { createDynamoCallStateStore, MAX_FRAGMENTS_PER_CALL } from '../../shared/adapters/dynamodb/call-state.adapter.js';
import { createDynamoDedupStore, DEDUP_WINDOW_SECONDS } from '../../shared/adapters/dynamodb/dedup.adapter.js';
import type { Outcome } from '../../shared/domain/outcome.js';
import type { LocalStack } from '../../local/stack.js';
import { createDependencies } from '../../shared/config/wiring.js';
import { patchSettings, putUserMappings } from '../../shared/use-cases/admin-actions.js';
import { replyResponse } from '../../shared/http/answers.js';
import { anEvent } from '../support/events.js';
import { startTestStack } from '../support/local-stack.js';

describe('the DynamoDB adapters against dynalite', () => {
  let stack: LocalStack;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
    const aws = stack.config.aws;
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: aws?.region ?? 'us-east-1', endpoint: aws?.endpoints.dynamodb, ...(aws ? { credentials: aws.credentials } : {}) }),
    );
  });
  afterAll(() => stack.stop());

  it('remembers an event key for 72 hours, and not after', async () => {
    // Prepare
    let now = Date.parse('2026-01-01T00:00:00Z');
    const dedup = createDynamoDedupStore({ client: documents, tableName: stack.config.idempotencyTable, now: () => now });
    // Act
    const before = await dedup.seen('k1');
    await dedup.remember('k1', 'firm-a');
    const after = await dedup.seen('k1');
    now += (DEDUP_WINDOW_SECONDS - 60) * 1000;
    const withinWindow = await dedup.seen('k1');
    now += 120_000;
    const afterWindow = await dedup.seen('k1');
    // Assess
    expect([before, after, withinWindow, afterWindow]).toEqual([false, true, true, false]);
  });

  it("lets one event at a time claim the creation of a number's contact, its own retry again, and anyone once it lapses", async () => {
    // Prepare: a tenant whose phone index is complete, with one contact
    const { index } = stack.adapters;
    await index.saveSyncState('claims', { status: 'complete', processed: 1, startedAt: new Date().toISOString(), completedAt: new Date().toISOString() });
    await index.put('claims', { id: 7, name: 'Known', isClient: true, phoneNumbers: ['+14155550100'] }, 'US');
    // Act: claims of a minute, which no slow moment of the test outlives; and one of a second (on a whole-second
    // clock), to lapse
    const first = await index.claimCreation('claims', '+14155550177', 'generic:a', 60);
    const other = await index.claimCreation('claims', '+14155550177', 'generic:b', 60);
    const retry = await index.claimCreation('claims', '+14155550177', 'generic:a', 60);
    const otherNumber = await index.claimCreation('claims', '+14155550178', 'generic:b', 60);
    const brief = await index.claimCreation('claims', '+14155550179', 'generic:a', 1);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const lapsed = await index.claimCreation('claims', '+14155550179', 'generic:b', 60);
    const stillHeld = await index.claimCreation('claims', '+14155550177', 'generic:b', 60);
    // Assess: and a claim is never a contact of the index
    expect({ first, other, retry, otherNumber, brief, lapsed, stillHeld }).toEqual({
      first: true,
      other: false,
      retry: true,
      otherNumber: true,
      brief: true,
      lapsed: true,
      stillHeld: false,
    });
    expect(await index.lookup('claims', '+14155550177')).toEqual([]);
    expect(await index.lookup('claims', '+14155550100')).toEqual([expect.objectContaining({ id: 7 })]);
  });

  it('keeps each fragment of a call once and returns them all', async () => {
    // Prepare
    const store = createDynamoCallStateStore({ client: documents, tableName: stack.config.callStateTable });
    const fragment = (eventKey: string, type: string) => ({ eventKey, type, occurredAt: '2026-01-01T00:00:00Z', data: { eventKey } });
    // Act
    await store.append('demo', 'telnyx', 'session-1', fragment('e1', 'call.hangup'));
    await store.append('demo', 'telnyx', 'session-2', fragment('x1', 'call.initiated'));
    await store.append('demo', 'telnyx', 'session-1', fragment('e1', 'call.hangup'));
    const all = await store.append('demo', 'telnyx', 'session-1', fragment('e2', 'call.answered'));
    // Assess
    expect(all.map((f) => f.eventKey).sort()).toEqual(['e1', 'e2']);
  });

  it('keeps fragments whose call id and event key are longer than a sort key holds, each once', async () => {
    // Prepare: ids a signed callback may carry, far past DynamoDB's 1,024-byte sort key
    const store = createDynamoCallStateStore({ client: documents, tableName: stack.config.callStateTable });
    const call = `conversation-${'c'.repeat(2_000)}`;
    const fragment = (eventKey: string) => ({ eventKey, type: 'leg', occurredAt: '2026-01-01T00:00:00Z', data: { eventKey } });
    // Act
    await store.append('demo', 'vonage', call, fragment(`leg-${'a'.repeat(3_000)}`));
    await store.append('demo', 'vonage', call, fragment(`leg-${'a'.repeat(3_000)}`));
    await store.append('demo', 'vonage', `${call}-other`, fragment('leg-x'));
    const all = await store.append('demo', 'vonage', call, fragment('leg-b'));
    // Assess
    expect(all.map((f) => f.eventKey.slice(0, 6)).sort()).toEqual(['leg-aa', 'leg-b']);
    expect(await store.fragments('demo', 'vonage', call)).toHaveLength(2);
  });

  it('reads at most a bounded number of fragments of one call, whatever was sent under its id', async () => {
    // Prepare
    const store = createDynamoCallStateStore({ client: documents, tableName: stack.config.callStateTable });
    for (let i = 0; i < MAX_FRAGMENTS_PER_CALL + 20; i++)
      await store.append('demo', 'twilio', 'CAflood', { eventKey: `dial:${i}`, type: 'dial.action', occurredAt: '2026-01-01T00:00:00Z', data: {} });
    // Act
    const fragments = await store.fragments('demo', 'twilio', 'CAflood');
    // Assess
    expect(fragments).toHaveLength(MAX_FRAGMENTS_PER_CALL);
  });

  it('never replaces a logged outcome', async () => {
    // Prepare
    const event = anEvent({ providerEventId: 'call:CAoutcome' });
    const logged: Outcome = {
      tenantId: 'demo',
      eventId: 'twilio:call:CAoutcome',
      provider: 'twilio',
      kind: 'call',
      direction: 'inbound',
      status: 'logged',
      occurredAt: event.occurredAt,
      recordedAt: '2026-01-02T08:07:00.000Z',
      clio: { communicationId: 7 },
      trace: [{ step: 'communication', decision: 'created' }],
      event,
    };
    // Act
    await stack.adapters.outcomes.record(logged);
    await stack.adapters.outcomes.record({ ...logged, status: 'failed', reason: 'clio_422', clio: {} });
    // Assess
    expect(await stack.adapters.outcomes.get('demo', logged.eventId)).toEqual(logged);
  });

  it('lets a later outcome replace a parked one', async () => {
    const event = anEvent({ providerEventId: 'call:CAparked' });
    const parked: Outcome = {
      tenantId: 'demo',
      eventId: 'twilio:call:CAparked',
      provider: 'twilio',
      kind: 'call',
      direction: 'inbound',
      status: 'parked',
      reason: 'tenant_not_connected',
      occurredAt: event.occurredAt,
      recordedAt: '2026-01-02T08:07:00.000Z',
      clio: {},
      trace: [],
      event,
    };
    await stack.adapters.outcomes.record(parked);
    await stack.adapters.outcomes.record({ ...parked, status: 'logged', reason: undefined, clio: { communicationId: 9 } });
    expect(await stack.adapters.outcomes.get('demo', parked.eventId)).toMatchObject({ status: 'logged', clio: { communicationId: 9 } });
  });

  it("purges a tenant's outcomes and retry notes page by page, however many, and leaves another tenant's", async () => {
    // Prepare: 230 outcomes and 20 retry notes of one firm (three pages), one outcome of another
    const outcomeOf = (tenantId: string, i: number): Outcome => {
      const event = anEvent({ tenantId, providerEventId: `call:CApurge${i}` });
      return {
        tenantId,
        eventId: `twilio:call:CApurge${i}`,
        provider: 'twilio',
        kind: 'call',
        direction: 'inbound',
        status: 'skipped',
        reason: 'no_match',
        occurredAt: event.occurredAt,
        recordedAt: '2026-01-02T08:07:00.000Z',
        clio: {},
        trace: [],
        event,
      };
    };
    for (let i = 0; i < 230; i++) await stack.adapters.outcomes.record(outcomeOf('purged-firm', i));
    for (let i = 0; i < 20; i++)
      await stack.adapters.outcomes.noteRetry('purged-firm', `twilio:call:CApurge${i}`, {
        attempt: 1,
        error: 'RetryableError',
        at: '2026-01-02T08:07:00.000Z',
      });
    await stack.adapters.outcomes.record(outcomeOf('kept-firm', 1));
    // Act
    const pages: number[] = [];
    let next: string | undefined;
    do {
      const page = await stack.adapters.outcomes.purgeTenant('purged-firm', next);
      pages.push(page.removed);
      next = page.next;
    } while (next);
    // Assess
    expect(pages.reduce((a, b) => a + b, 0)).toBe(250);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect((await stack.adapters.outcomes.list('purged-firm', { limit: 100 })).items).toEqual([]);
    expect(await stack.adapters.outcomes.lastRetry('purged-firm', 'twilio:call:CApurge1')).toBeUndefined();
    expect(await stack.adapters.outcomes.get('kept-firm', 'twilio:call:CApurge1')).toBeDefined();
  });

  it("finds a tenant's dedup keys by their tenant attribute, and deletes only those", async () => {
    // Prepare
    const dedup = createDynamoDedupStore({ client: documents, tableName: stack.config.idempotencyTable });
    for (let i = 0; i < 7; i++) await dedup.remember(`purge-${i}`, 'dedup-purged');
    await dedup.remember('kept-1', 'dedup-kept');
    // Act
    let removed = 0;
    let next: string | undefined;
    do {
      const page = await dedup.purgeTenant('dedup-purged', next);
      removed += page.removed;
      next = page.next;
    } while (next);
    // Assess
    expect(removed).toBe(7);
    expect(await dedup.seen('purge-3')).toBe(false);
    expect(await dedup.seen('kept-1')).toBe(true);
  });

  describe('two writers of one tenant, interleaved (two containers, each with its 60-second cache)', () => {
    const containers = () => [1, 2].map(() => createDependencies({ ...stack.config, tenantCacheTtlMs: 60_000 }));
    const seed = async (id: string) => {
      await stack.adapters.tenants.put({
        id,
        name: 'Firm',
        clioRegion: 'US',
        settings: { logMissedCalls: true },
        connection: { status: 'disconnected', since: '2026-01-01T00:00:00.000Z', reason: 'invalid_grant' },
      });
    };

    it('keeps a reconnection and the rate-limit pause written while a settings change was served from a stale cache', async () => {
      // Prepare: A caches the disconnected firm; B reconnects Clio and pauses the tenant for Clio's Retry-After
      await seed('lost-update-1');
      const [a, b] = containers();
      const cached = await a?.tenants.get('lost-update-1');
      const pausedUntil = Math.floor(Date.now() / 1000) + 600;
      await b?.tenants.setConnection('lost-update-1', { status: 'connected', since: new Date().toISOString(), clioUserId: 345 });
      const budget = createDynamoClioBudget({ client: documents, tableName: stack.config.tenantsTable });
      await budget.pause('lost-update-1', pausedUntil);
      // Act: A serves a settings PATCH and a user-mapping PUT with the tenant it cached
      if (!a || !cached) throw new Error('no container');
      const patched = replyResponse(await patchSettings(a, cached, { logMissedCalls: false }));
      const mapped = replyResponse(await putUserMappings(a, cached, { alice: 346 }));
      // Assess
      expect([patched.statusCode, mapped.statusCode]).toEqual([200, 200]);
      const fresh = await createDependencies(stack.config).tenants.get('lost-update-1');
      expect(fresh?.connection).toMatchObject({ status: 'connected', clioUserId: 345 });
      expect(fresh?.overrides).toEqual({ logMissedCalls: false, userMappings: { alice: 346 } });
      expect(await budget.pausedUntil('lost-update-1')).toBe(pausedUntil);
    });

    it('keeps both of two concurrent settings changes', async () => {
      // Prepare
      await seed('lost-update-2');
      const [a, b] = containers();
      const [fromA, fromB] = await Promise.all([a?.tenants.get('lost-update-2'), b?.tenants.get('lost-update-2')]);
      if (!a || !b || !fromA || !fromB) throw new Error('no container');
      // Act
      await Promise.all([patchSettings(a, fromA, { matterAssociation: false }), patchSettings(b, fromB, { timeEntries: false })]);
      // Assess
      expect((await createDependencies(stack.config).tenants.get('lost-update-2'))?.overrides).toEqual({
        logMissedCalls: true,
        matterAssociation: false,
        timeEntries: false,
      });
    });

    it("refuses a phone index sync's progress saved from an older read, so two runs never interleave", async () => {
      // Prepare: two runs read the same state
      const [a, b] = containers();
      if (!a || !b) throw new Error('no container');
      const first = await a.index.saveSyncState('lost-update-3', { status: 'running', startedAt: '2026-01-01T00:00:00.000Z', processed: 0 });
      const [readByA, readByB] = [await a.index.syncState('lost-update-3'), await b.index.syncState('lost-update-3')];
      if (!first || !readByA || !readByB) throw new Error('not saved');
      // Act
      const savedByA = await a.index.saveSyncState('lost-update-3', { ...readByA, processed: 200, cursor: 'page-2' });
      const savedByB = await b.index.saveSyncState('lost-update-3', { ...readByB, processed: 200, cursor: 'other-page-2' });
      // Assess
      expect(savedByA).toMatchObject({ cursor: 'page-2', version: 2 });
      expect(savedByB).toBeUndefined();
      expect(await a.index.syncState('lost-update-3')).toMatchObject({ cursor: 'page-2', version: 2 });
    });

    it('answers 404 for a firm that is gone, creating nothing', async () => {
      const [a] = containers();
      expect(await a?.tenants.updateSettings('no-such-firm', { timeEntries: false })).toBeUndefined();
      expect(await createDependencies(stack.config).tenants.get('no-such-firm')).toBeUndefined();
    });
  });
});
