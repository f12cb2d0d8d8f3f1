import { CreateTableCommand, ResourceInUseException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { OUTCOMES_INDEX_ATTRIBUTES } from '../shared/adapters/dynamodb/outcome-log.adapter.js';
import { DEFAULT_MAX_ATTEMPTS, RECEIVES_PER_ATTEMPT } from '../shared/config/env.js';
import type { RuntimeConfig } from '../shared/config/wiring.js';

const keyed = (TableName: string, hash: string, range?: string) => ({
  TableName,
  AttributeDefinitions: [hash, ...(range ? [range] : [])].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
  KeySchema: [{ AttributeName: hash, KeyType: 'HASH' as const }, ...(range ? [{ AttributeName: range, KeyType: 'RANGE' as const }] : [])],
});

/** Creates the CDK stack's DataTables tables, with the same keys, if missing (dynalite has no TTL: items simply stay). */
export const createTables = async (client: DynamoDBClient, config: RuntimeConfig): Promise<void> => {
  const tables = [
    keyed(config.tenantsTable, 'tenantId'),
    keyed(config.idempotencyTable, 'id'),
    keyed(config.callStateTable, 'tenantId', 'callKey'),
    keyed(config.phoneIndexTable, 'tenantId', 'e164'),
    {
      TableName: config.outcomesTable,
      AttributeDefinitions: ['tenantId', 'eventId', 'recordedAt'].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
      KeySchema: [
        { AttributeName: 'tenantId', KeyType: 'HASH' as const },
        { AttributeName: 'eventId', KeyType: 'RANGE' as const },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byRecordedAt',
          KeySchema: [
            { AttributeName: 'tenantId', KeyType: 'HASH' as const },
            { AttributeName: 'recordedAt', KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...OUTCOMES_INDEX_ATTRIBUTES] },
        },
      ],
    },
  ];
  for (const table of tables) {
    try {
      await client.send(new CreateTableCommand({ ...table, BillingMode: 'PAY_PER_REQUEST' }));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
};

/**
 * The FIFO event queue and its overflow lane (docs/fairness.md), with their one FIFO dead-letter queue: the processor
 * moves an event there after `maxAttempts`; the queues' own redrive is the backstop, as in the CDK stack.
 */
export const createQueues = async (sqs: SQSClient, options: { readonly visibilityTimeoutSeconds?: number; readonly maxAttempts?: number }) => {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'call-connector-events-dlq.fifo', Attributes: { FifoQueue: 'true' } }));
  const dlqUrl = dlq.QueueUrl ?? '';
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const create = async (QueueName: string) => {
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName,
        Attributes: {
          FifoQueue: 'true',
          VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount: (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) * RECEIVES_PER_ATTEMPT,
          }),
        },
      }),
    );
    const url = queue.QueueUrl ?? '';
    const arn = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    return { url, arn: arn.Attributes?.QueueArn ?? '' };
  };
  const main = await create('call-connector-events.fifo');
  const overflow = await create('call-connector-overflow.fifo');
  return { queueUrl: main.url, queueArn: main.arn, overflowQueueUrl: overflow.url, overflowQueueArn: overflow.arn, dlqUrl };
};
