import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { batchDelete, purgePartition } from '../../../shared/adapters/dynamodb/purge.js';
import { mergeSettings } from '../../../shared/domain/settings.js';
import type { ClioOAuth } from '../../../shared/ports/clio-oauth.js';
import type { TenantPurge } from '../../../shared/ports/tenant-purge.js';
import type { DeletionProgress, TenantDeletion } from '../../../shared/domain/tenant.js';
import { deleteTenant, type TenantDeletionDeps } from '../../../shared/use-cases/tenant-deletion.js';
import { replyResponse } from '../../../shared/http/answers.js';
import { memoryCallState, memoryIndex, memoryMatters, memoryOutcomes, memorySecrets, tenantsWith } from '../../support/events.js';

// DynamoDB leaving items unprocessed (throttling) is an error path no emulator produces on demand.
describe("deleting a tenant's items in batches", () => {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const dynamo = mockClient(DynamoDBDocumentClient);
  afterEach(() => dynamo.reset());
  const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ tenantId: 'gone', eventId: `twilio:call:CA${i}` }));

  it('sends again, with backoff, what DynamoDB left unprocessed, 25 deletes per batch', async () => {
    // Prepare: a page of 30 outcomes; DynamoDB leaves two of the first batch unprocessed
    dynamo.on(QueryCommand).resolves({ Items: keys(30) });
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { outcomes: keys(2).map((Key) => ({ DeleteRequest: { Key } })) } })
      .resolves({});
    // Act
    const page = await purgePartition({ client: documents, tableName: 'outcomes', sortKey: 'eventId' }, 'gone');
    // Assess
    const batches = dynamo.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.outcomes?.length);
    expect(batches).toEqual([25, 2, 5]);
    expect(page).toEqual({ removed: 30 });
  });

  it('gives up with an error when DynamoDB keeps leaving items unprocessed (the next DELETE picks them up)', async () => {
    dynamo.on(BatchWriteCommand).resolves({ UnprocessedItems: { outcomes: keys(1).map((Key) => ({ DeleteRequest: { Key } })) } });
    await expect(batchDelete(documents, 'outcomes', keys(1), { backoffMs: 1 })).rejects.toThrow('unprocessed after 6 tries');
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(6);
  });

  it("hands on the query's last key, so the next page starts after this one", async () => {
    dynamo.on(QueryCommand).resolves({ Items: keys(1), LastEvaluatedKey: { tenantId: 'gone', eventId: 'twilio:call:CA0' } });
    dynamo.on(BatchWriteCommand).resolves({});
    const first = await purgePartition({ client: documents, tableName: 'outcomes', sortKey: 'eventId' }, 'gone');
    await purgePartition({ client: documents, tableName: 'outcomes', sortKey: 'eventId' }, 'gone', first.next);
    expect(dynamo.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({ tenantId: 'gone', eventId: 'twilio:call:CA0' });
  });
});

/** A store holding `pages` pages of 100 items of the tenant; each purge call removes one and moves the clock on by 1 s. */
const paged = (pages: number, clock: { ms: number }): TenantPurge & { left: () => number } => {
  let left = pages;
  return {
    left: () => left,
    purgeTenant: () => {
      left = Math.max(0, left - 1);
      clock.ms += 1_000;
      return Promise.resolve({ removed: 100, ...(left > 0 ? { next: `page-${left}` } : {}) });
    },
  };
};

const setup = (options: { outcomePages: number; deauthorize?: ClioOAuth['deauthorize'] }) => {
  const clock = { ms: Date.parse('2026-03-01T00:00:00Z') };
  const outcomes = Object.assign(memoryOutcomes(), paged(options.outcomePages, clock));
  const saved: DeletionProgress[] = [];
  const deleted: string[] = [];
  const revoked: string[] = [];
  const deps: TenantDeletionDeps = {
    tenants: {
      ...tenantsWith(() => ({})),
      saveDeletionProgress: (_id, progress) => Promise.resolve(void saved.push(progress)),
      delete: (id) => Promise.resolve(deleted.push(id) > 0),
    },
    secrets: { ...memorySecrets({ clio: { accessToken: 'at-1' } }), deleteTenantSecrets: () => Promise.resolve(3) },
    outcomes,
    index: memoryIndex(),
    matters: memoryMatters(),
    callState: memoryCallState(),
    dedup: { seen: () => Promise.resolve(false), remember: () => Promise.resolve(), purgeTenant: () => Promise.resolve({ removed: 4 }) },
    oauth: { deauthorize: options.deauthorize ?? ((_region, token) => Promise.resolve(void revoked.push(token))) } as unknown as ClioOAuth,
    clock: { now: () => new Date(clock.ms) },
    deletionSettleMs: 0,
  };
  const deletion: TenantDeletion = {
    tenant: { id: 'gone', name: 'Gone LLP', clioRegion: 'US', settings: mergeSettings({}), overrides: {} },
    since: '2026-03-01T00:00:00Z',
    progress: {},
  };
  return { deps, deletion, outcomes, saved, deleted, revoked, clock };
};

describe('deleting a tenant within a time budget', () => {
  it("answers 202 with what it removed when time runs out, keeps the tenant's item, and a repeated DELETE finishes", async () => {
    // Prepare: 12 pages of outcomes, one second each, four seconds per request
    const { deps, deletion, outcomes, deleted, revoked } = setup({ outcomePages: 12 });
    // Act
    const first = replyResponse(await deleteTenant(deps, deletion, 4_000));
    const firstBody = JSON.parse(first.body) as Record<string, unknown>;
    // Assess
    expect(first.statusCode).toBe(202);
    expect(firstBody).toEqual({
      tenantId: 'gone',
      removed: { secrets: 3, outcomes: 400, phoneIndex: 0, matterIndex: 0, callState: 0, dedup: 0, tenant: false },
      clioRevoked: true,
      complete: false,
    });
    expect(revoked).toEqual(['at-1']);
    expect(deleted).toEqual([]);
    expect(outcomes.left()).toBe(8);

    // Act: the operator asks again until it is done
    const second = replyResponse(await deleteTenant(deps, deletion, 4_000));
    const third = replyResponse(await deleteTenant(deps, deletion, 4_000));
    // Assess
    expect(second.statusCode).toBe(202);
    expect(third.statusCode).toBe(200);
    expect(JSON.parse(third.body)).toMatchObject({ removed: { outcomes: 400, dedup: 4, tenant: true }, complete: true });
    expect(deleted).toEqual(['gone']);
  });

  it('still purges, and says clioRevoked: false, when Clio does not answer the revocation', async () => {
    const { deps, deletion, deleted } = setup({ outcomePages: 1, deauthorize: () => Promise.reject(new Error('Clio did not answer')) });
    const response = replyResponse(await deleteTenant(deps, deletion));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ clioRevoked: false, removed: { secrets: 3, outcomes: 100, tenant: true } });
    expect(deleted).toEqual(['gone']);
  });

  it('keeps the firm and leaves the dedup scan until every container has forgotten the firm, then purges what they wrote meanwhile', async () => {
    // Prepare: a deletion that began now, with the default wait (the tenant cache's minute and a processor's work)
    const { deps, deletion, outcomes, deleted, saved, clock } = setup({ outcomePages: 1 });
    const waiting = { ...deps, deletionSettleMs: undefined };
    // Act
    const early = replyResponse(await deleteTenant(waiting, deletion));
    // Assess: purged what there was, kept the firm and scanned nothing, and said when to come back
    expect(early.statusCode).toBe(202);
    expect(JSON.parse(early.body)).toEqual({
      tenantId: 'gone',
      removed: { secrets: 3, outcomes: 100, phoneIndex: 0, matterIndex: 0, callState: 0, dedup: 0, tenant: false },
      clioRevoked: true,
      complete: false,
      settlesAt: '2026-03-01T00:02:00.000Z',
    });
    expect(deleted).toEqual([]);
    expect(saved).toEqual([]);

    // Act: a container that still had the firm cached recorded an outcome; the DELETE after the wait removes it
    const late = Object.assign(outcomes, paged(1, clock));
    clock.ms = Date.parse('2026-03-01T00:02:00Z');
    const final = replyResponse(await deleteTenant({ ...waiting, outcomes: late }, deletion));
    // Assess
    expect(final.statusCode).toBe(200);
    expect(JSON.parse(final.body)).toMatchObject({ removed: { outcomes: 100, dedup: 4, tenant: true }, complete: true });
    expect(deleted).toEqual(['gone']);
  });

  it('says clioRevoked: null when the tenant has no Clio grant', async () => {
    const { deps, deletion } = setup({ outcomePages: 1 });
    const response = replyResponse(await deleteTenant({ ...deps, secrets: { ...deps.secrets, clioTokens: () => Promise.resolve(undefined) } }, deletion));
    expect(JSON.parse(response.body)).toMatchObject({ clioRevoked: null, complete: true });
  });
});
