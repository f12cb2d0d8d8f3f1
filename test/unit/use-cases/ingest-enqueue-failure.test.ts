import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import twilio from 'twilio';
import { WEBHOOK_PROVIDERS } from '../../../shared/adapters/providers/index.js';
import { createSqsEventQueue } from '../../../shared/adapters/sqs/event-queue.adapter.js';
import { DEFAULT_FAIRNESS } from '../../../shared/domain/fairness.js';
import { systemClock } from '../../../shared/ports/clock.js';
import { refusalResponse } from '../../../shared/http/answers.js';
import { createWebhookIngest } from '../../../shared/use-cases/ingest-webhook.js';
import { twilioCallParams } from '../../../local/twilio-example.js';
import { memoryCallState, memorySecrets, tenantsWith } from '../../support/events.js';

// SQS refusing a message is an error path no emulator produces on demand.
describe('when the queue refuses the event', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  const tenants = tenantsWith(() => ({}));
  const secrets = memorySecrets({ provider: 'token' });
  const dedup = { asked: [] as string[], remembered: [] as string[] };
  const ingest = createWebhookIngest({
    tenants,
    secrets,
    dedup: {
      seen: (key) => Promise.resolve(dedup.asked.push(key) < 0),
      remember: (key) => Promise.resolve(void dedup.remembered.push(key)),
      purgeTenant: () => Promise.resolve({ removed: 0 }),
    },
    callState: memoryCallState(),
    providers: WEBHOOK_PROVIDERS,
    publicBaseUrl: 'https://hooks.example.com/',
    clock: systemClock,
    callSettleSeconds: 20,
    admission: { count: () => Promise.resolve(1) },
    fairness: DEFAULT_FAIRNESS,
    queue: createSqsEventQueue({ client: new SQSClient({ region: 'us-east-1' }), queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q.fifo' }),
  });

  it("answers 503 and remembers nothing, so that the provider's retry is accepted", async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }));
    const params = twilioCallParams();
    const path = '/v1/tenants/demo/webhooks/twilio';
    const signature = twilio.getExpectedTwilioSignature('token', `https://hooks.example.com${path}`, params);
    // Act
    const refusal = await ingest(
      {
        method: 'POST',
        path,
        rawQuery: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: Buffer.from(new URLSearchParams(params).toString()),
      },
      { tenantId: 'demo', provider: 'twilio', correlationId: 'c1' },
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    const response = refusalResponse(refusal);
    // Assess
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    expect(response?.statusCode).toBe(503);
    expect(JSON.parse(response?.body ?? '')).toEqual({ error: { code: 'enqueue_failed', message: expect.any(String) as string } });
    expect(dedup.asked).toHaveLength(1);
    expect(dedup.remembered).toEqual([]);
  });
});
