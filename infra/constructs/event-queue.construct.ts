import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RECEIVES_PER_ATTEMPT } from '../../shared/config/env.js';

/** Props of {@link EventQueue}. */
export interface EventQueueProps {
  /**
   * Timeout of the function that consumes the queue. The visibility timeout is six times this (AWS's
   * guidance for Lambda event sources), so a message is never redelivered while a retry is still running.
   */
  readonly consumerTimeout: Duration;
  /**
   * Attempts (deliveries that began processing) before the processor moves an event to the DLQ itself. The queues'
   * own redrive, the backstop for a processor that dies before it can count, is {@link RECEIVES_PER_ATTEMPT} times this.
   */
  readonly maxAttempts: number;
  /** Applied to the KMS key; queues themselves hold nothing that outlives the retention period. */
  readonly removalPolicy: RemovalPolicy;
  /** @default Duration.days(4) */
  readonly retentionPeriod?: Duration;
}

/** Multiple of the consumer timeout used as the queue's visibility timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * The FIFO queue between ingest and processor, its overflow lane (the events of a tenant beyond its fair share,
 * docs/fairness.md), and their one FIFO dead-letter queue. Message groups (tenant + external number) keep one
 * caller's events in order (docs/product.md#in-order-per-number); the ingest sets `MessageDeduplicationId` from the provider's event key,
 * so content-based deduplication stays off. The queues are encrypted with a rotating customer-managed key and
 * refuse non-TLS requests.
 */
export class EventQueue extends Construct {
  public readonly queue: Queue;
  /** The overflow lane: consumed by the same processor, with a concurrency of its own. */
  public readonly overflowQueue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly key: Key;
  /** Attempts the processor gives an event before it moves it to the DLQ. */
  public readonly maxAttempts: number;
  /** The event queue's visibility timeout (six times the consumer timeout). */
  public readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: EventQueueProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the call connector event queue and its DLQ',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    const retentionPeriod = props.retentionPeriod ?? Duration.days(4);
    this.maxAttempts = props.maxAttempts;
    this.visibilityTimeout = Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      fifo: true,
      contentBasedDeduplication: false,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      // SQS keeps a message's original enqueue time in the DLQ: the DLQ must keep it longer than the source.
      retentionPeriod: Duration.days(14),
    });
    const lane = (id: string) =>
      new Queue(this, id, {
        fifo: true,
        contentBasedDeduplication: false,
        // High-throughput FIFO: limits apply per message group, not per queue, so tenants don't queue behind each other.
        deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
        fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        retentionPeriod,
        visibilityTimeout: this.visibilityTimeout,
        deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxAttempts * RECEIVES_PER_ATTEMPT },
      });
    this.queue = lane('Queue');
    this.overflowQueue = lane('OverflowQueue');
  }

  /**
   * Lets the processor move an event it gives up on to the DLQ: `sqs:SendMessage` there, and the data key a producer
   * of an encrypted queue needs (its `kms:Decrypt` comes with consuming the lanes).
   */
  public grantDeadLetter(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:GenerateDataKey'], resources: [this.key.keyArn] }));
  }

  /**
   * Lets a function enqueue events: `sqs:SendMessage` on both lanes and the two KMS actions a
   * producer of an encrypted queue needs (SQS encrypts with a data key it generates under this key).
   */
  public grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['sqs:SendMessage'], resources: [this.queue.queueArn, this.overflowQueue.queueArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
  }
}
