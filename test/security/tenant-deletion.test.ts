import { generateKeyPairSync } from 'node:crypto';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { createProcessorHandler } from '../../lambdas/processor/create-handler.js';
import { localContext } from '../../local/lambda-context.js';
import { loadDemoClioSeed, type LocalStack } from '../../local/stack.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import { createDependencies } from '../../shared/config/wiring.js';
import { DEDUP_WINDOW_SECONDS } from '../../shared/adapters/dynamodb/dedup.adapter.js';
import { admin } from '../support/admin.js';
import { anEvent } from '../support/events.js';
import { emulatorDocuments, postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';

const FIRM_A_TOKEN = { access_token: 'firm-a-clio-access', refresh_token: 'firm-a-clio-refresh', user_id: 345 };

interface Created {
  readonly id: string;
  readonly adminKey: string;
}

describe('deleting a tenant (DELETE /v1/tenants/{id})', () => {
  let stack: LocalStack;
  let documents: DynamoDBDocumentClient;
  let secretsManager: SecretsManagerClient;

  beforeAll(async () => {
    const seed = loadDemoClioSeed();
    stack = await startTestStack({
      clioSim: { seed: { ...seed, tokens: [...(seed.tokens ?? []), FIRM_A_TOKEN] }, rateLimit: { limit: 10_000, windowMs: 60_000 } },
      phoneIndexSyncEveryMs: 0,
    });
    const aws = stack.config.aws;
    if (!aws) throw new Error('The local stack runs on emulators');
    documents = emulatorDocuments(stack);
    secretsManager = new SecretsManagerClient({ region: aws.region, endpoint: aws.endpoints.secretsManager, credentials: aws.credentials });
  });
  afterAll(() => stack.stop());

  /** Every item of a table, straight from the emulator. */
  const scan = async (table: string): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };
  /** What every table and the secret store hold of a tenant. */
  const holdingsOf = async (tenantId: string): Promise<Record<string, number>> => {
    const { config } = stack;
    const tables = {
      tenants: config.tenantsTable,
      outcomes: config.outcomesTable,
      phoneIndex: config.phoneIndexTable,
      callState: config.callStateTable,
      dedup: config.idempotencyTable,
    };
    const counts = Object.fromEntries(
      await Promise.all(
        Object.entries(tables).map(async ([name, table]) => [name, (await scan(table)).filter((item) => item.tenantId === tenantId).length] as const),
      ),
    );
    // The matter index lives in the phone index's table, under sort keys of its own.
    const matterIndex = (await scan(config.phoneIndexTable)).filter((item) => item.tenantId === tenantId && String(item.e164).startsWith('#matters#')).length;
    // The events' keys share the idempotency table with the fairness counters, one per window the callbacks fell in.
    const fairnessCounters = (await scan(config.idempotencyTable)).filter(
      (item) => item.tenantId === tenantId && String(item.id).startsWith(`admission#${tenantId}#`),
    ).length;
    const { SecretList = [] } = await secretsManager.send(new ListSecretsCommand({}));
    return {
      ...counts,
      phoneIndex: (counts.phoneIndex ?? 0) - matterIndex,
      matterIndex,
      dedup: (counts.dedup ?? 0) - fairnessCounters,
      fairnessCounters,
      secrets: SecretList.filter((s) => s.Name?.includes(`/tenants/${tenantId}/`)).length,
    };
  };

  /** A firm with a Twilio credential, a Vonage connection, Clio tokens, a phone and a matter index, and a call and an SMS logged. */
  const firmWithData = async (name: string, clioToken: { access_token: string; refresh_token: string }): Promise<Created & { twilioToken: string }> => {
    const created = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name })).body as Created;
    const twilioToken = `${created.id}-twilio-token`;
    expect((await admin(stack, 'PUT', `/v1/tenants/${created.id}/providers/twilio`, created.adminKey, { credential: twilioToken })).status).toBe(204);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const vonage = { applicationId: '7f4b1e2a-0c3d-4e5f-8a9b-0c1d2e3f4a5b', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    expect((await admin(stack, 'PUT', `/v1/tenants/${created.id}/providers/vonage/connection`, created.adminKey, vonage)).status).toBe(204);
    await stack.adapters.secrets.putClioTokens(created.id, { accessToken: clioToken.access_token, refreshToken: clioToken.refresh_token });
    await stack.adapters.tenants.setConnection(created.id, { status: 'connected', since: new Date().toISOString(), clioUserId: 345 });
    await stack.adapters.index.put(created.id, { id: 1001, name: 'Jane Smith', isClient: true, phoneNumbers: ['(415) 555-0100'] }, 'US');
    await stack.adapters.matters.put(created.id, { id: 902, status: 'Open', clientId: 1001, related: [] }, 'replace');
    await stack.adapters.matters.saveConnectedUser(created.id, 345);
    const callSid = sid('CA');
    const messageSid = sid('SM');
    const sms = {
      MessageSid: messageSid,
      SmsSid: messageSid,
      AccountSid: 'AC1',
      From: '+14155550100',
      To: '+14155550199',
      Body: 'Privileged: about the settlement',
      NumMedia: '0',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    };
    expect((await postTwilio(stack, twilioCallParams({ CallSid: callSid }), { tenantId: created.id, authToken: twilioToken })).status).toBe(200);
    expect((await postTwilio(stack, sms, { tenantId: created.id, authToken: twilioToken })).status).toBe(200);
    await waitForOutcome(stack, created.id, `twilio:call:${callSid}`);
    await waitForOutcome(stack, created.id, `twilio:message:${messageSid}`);
    await stack.adapters.outcomes.noteRetry(created.id, `twilio:call:${callSid}`, {
      attempt: 1,
      error: 'RetryableError: Clio 503',
      at: new Date().toISOString(),
    });
    return { ...created, twilioToken };
  };

  let a: Created & { twilioToken: string };
  let b: Created & { twilioToken: string };
  let before: { a: Record<string, number>; b: Record<string, number> };
  let deleted: { status: number; body: unknown };

  beforeAll(async () => {
    a = await firmWithData('Departing LLP', FIRM_A_TOKEN);
    b = await firmWithData('Staying LLP', { access_token: stack.demo.clioAccessToken, refresh_token: stack.demo.clioRefreshToken });
    before = { a: await holdingsOf(a.id), b: await holdingsOf(b.id) };
    // The tenant's own key may not delete it (asked before the operator deletes it).
    const refused = await admin(stack, 'DELETE', `/v1/tenants/${a.id}`, a.adminKey);
    expect(refused).toEqual({ status: 403, body: { error: { code: 'forbidden', message: expect.any(String) as string } } });
    deleted = await admin(stack, 'DELETE', `/v1/tenants/${a.id}`, stack.demo.operatorKey);
  }, 60_000);

  it('had something of the tenant in every table and the secret store before', () => {
    // dedup: the two events' keys; and a fairness counter for each window its two callbacks fell in (windows are
    // aligned to the clock, so two callbacks a moment apart may straddle a boundary)
    expect(before.a).toEqual({
      tenants: 1,
      outcomes: expect.any(Number) as number,
      phoneIndex: 2,
      matterIndex: 3,
      callState: expect.any(Number) as number,
      dedup: 2,
      fairnessCounters: expect.any(Number) as number,
      secrets: 3,
    });
    expect(before.a.outcomes).toBeGreaterThanOrEqual(3); // two outcomes and a retry note
    expect(before.a.callState).toBeGreaterThanOrEqual(1);
    expect([1, 2]).toContain(before.a.fairnessCounters);
  });

  it('answers 200 with what it removed and that the Clio grant was revoked', () => {
    expect(deleted).toEqual({
      status: 200,
      body: {
        tenantId: a.id,
        removed: {
          secrets: 3,
          outcomes: before.a.outcomes,
          phoneIndex: 2,
          matterIndex: 3,
          callState: before.a.callState,
          dedup: 2 + Number(before.a.fairnessCounters),
          tenant: true,
        },
        clioRevoked: true,
        complete: true,
      },
    });
    expect(simState(stack).tokens.map((t) => t.access_token)).not.toContain(FIRM_A_TOKEN.access_token);
  });

  it('leaves nothing of the tenant in any table nor in the secret store', async () => {
    expect(await holdingsOf(a.id)).toEqual({ tenants: 0, outcomes: 0, phoneIndex: 0, matterIndex: 0, callState: 0, dedup: 0, fairnessCounters: 0, secrets: 0 });
  });

  it("leaves the processor's idempotency records holding a status and a reason only, expiring within 72 hours", async () => {
    // They are keyed by a hash of tenant and event id, and carry no tenant attribute: bounded, not purged.
    const records = (await scan(stack.config.idempotencyTable)).filter((item) => !/^(ingest|admission)#/.test(String(item.id)));
    const horizon = Date.now() / 1000 + DEDUP_WINDOW_SECONDS + 60;
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(Number(record.expiration)).toBeLessThanOrEqual(horizon);
      expect(Object.keys(record).sort()).toEqual(['data', 'expiration', 'id', 'in_progress_expiration', 'status']);
      expect(Object.keys(record.data as object).every((key) => ['status', 'reason', 'fresh'].includes(key))).toBe(true);
    }
  });

  it('leaves the other tenant untouched, and its webhooks working', async () => {
    expect(await holdingsOf(b.id)).toEqual(before.b);
    expect(simState(stack).tokens.map((t) => t.access_token)).toContain(stack.demo.clioAccessToken);
    const callSid = sid('CA');
    expect((await postTwilio(stack, twilioCallParams({ CallSid: callSid }), { tenantId: b.id, authToken: b.twilioToken })).status).toBe(200);
    expect(await waitForOutcome(stack, b.id, `twilio:call:${callSid}`)).toMatchObject({ status: 'logged' });
  });

  it("answers the deleted tenant's webhooks as for an unknown tenant, and keeps nothing of them", async () => {
    const response = await postTwilio(stack, twilioCallParams({ CallSid: sid('CA') }), { tenantId: a.id, authToken: a.twilioToken });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'provider_not_configured' } });
    expect(await holdingsOf(a.id)).toEqual({ tenants: 0, outcomes: 0, phoneIndex: 0, matterIndex: 0, callState: 0, dedup: 0, fairnessCounters: 0, secrets: 0 });
  });

  it('records no outcome for an event queued before the delete and processed after it, and does not retry it', async () => {
    // Prepare: an SMS of the deleted tenant, as the queue would hand it to a processor now
    const event = anEvent({
      tenantId: a.id,
      provider: 'twilio',
      kind: 'sms',
      providerEventId: `message:${sid('SM')}`,
      status: 'received',
      text: 'Privileged',
      durationSeconds: undefined,
    });
    const processor = createProcessorHandler(createDependencies(stack.config));
    const record = {
      messageId: 'm-1',
      receiptHandle: 'r-1',
      body: JSON.stringify(event),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:call-connector-events.fifo',
      awsRegion: 'us-east-1',
    };
    // Act
    const delivery: SQSEvent = { Records: [record] };
    const result = await processor(delivery, localContext('processor', 10_000));
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await stack.adapters.outcomes.get(a.id, `twilio:${event.providerEventId}`)).toBeUndefined();
    expect((await holdingsOf(a.id)).outcomes).toBe(0);
  });

  it("answers a repeated DELETE 404 unknown_tenant, and the tenant's admin key no longer works", async () => {
    expect(await admin(stack, 'DELETE', `/v1/tenants/${a.id}`, stack.demo.operatorKey)).toEqual({
      status: 404,
      body: { error: { code: 'unknown_tenant', message: expect.any(String) as string } },
    });
    expect((await admin(stack, 'GET', `/v1/tenants/${a.id}/settings`, a.adminKey)).status).toBe(401);
  });
});
