import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoCallStateStore } from '../../shared/adapters/dynamodb/call-state.adapter.js';
import { createDynamoDedupStore, DEDUP_WINDOW_SECONDS } from '../../shared/adapters/dynamodb/dedup.adapter.js';
import type { Outcome } from '../../shared/domain/outcome.js';
import type { LocalStack } from '../../local/stack.js';
import { anEvent } from '../support/events.js';
import { startTestStack } from '../support/local-stack.js';

describe('the DynamoDB adapters against dynalite', () => {
  let stack: LocalStack;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
    const aws = stack.config.aws;
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: aws?.region ?? 'us-east-1', endpoint: aws?.endpoints.dynamodb, ...(aws ? { credentials: aws.credentials } : {}) }));
  });
  afterAll(() => stack.stop());

  it('remembers an event key for 72 hours, and not after', async () => {
    // Prepare
    let now = Date.parse('2026-01-01T00:00:00Z');
    const dedup = createDynamoDedupStore({ client: documents, tableName: stack.config.idempotencyTable, now: () => now });
    // Act
    const before = await dedup.seen('k1');
    await dedup.remember('k1');
    const after = await dedup.seen('k1');
    now += (DEDUP_WINDOW_SECONDS - 60) * 1000;
    const withinWindow = await dedup.seen('k1');
    now += 120_000;
    const afterWindow = await dedup.seen('k1');
    // Assess
    expect([before, after, withinWindow, afterWindow]).toEqual([false, true, true, false]);
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

  it('never replaces a logged outcome', async () => {
    // Prepare
    const event = anEvent({ providerEventId: 'call:CAoutcome' });
    const logged: Outcome = {
      tenantId: 'demo', eventId: 'twilio:call:CAoutcome', provider: 'twilio', kind: 'call', direction: 'inbound', status: 'logged',
      occurredAt: event.occurredAt, recordedAt: '2026-01-02T08:07:00.000Z', clio: { communicationId: 7 }, trace: [{ step: 'communication', decision: 'created' }], event,
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
      tenantId: 'demo', eventId: 'twilio:call:CAparked', provider: 'twilio', kind: 'call', direction: 'inbound', status: 'parked',
      reason: 'tenant_not_connected', occurredAt: event.occurredAt, recordedAt: '2026-01-02T08:07:00.000Z', clio: {}, trace: [], event,
    };
    await stack.adapters.outcomes.record(parked);
    await stack.adapters.outcomes.record({ ...parked, status: 'logged', reason: undefined, clio: { communicationId: 9 } });
    expect(await stack.adapters.outcomes.get('demo', parked.eventId)).toMatchObject({ status: 'logged', clio: { communicationId: 9 } });
  });
});
