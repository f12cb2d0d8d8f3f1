import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { canonicalEventSchema, eventIdOf } from '../shared/domain/canonical-event.js';
import type { OutcomeLog } from '../shared/ports/outcome-log.js';

export interface DeadLetterDeps {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly outcomes: OutcomeLog;
}

/** What an operator needs to know about a message in the DLQ. */
export interface DeadLetter {
  readonly messageId: string;
  readonly tenantId?: string;
  readonly eventId?: string;
  readonly kind?: string;
  readonly occurredAt?: string;
  readonly receives: number;
  /** The last failure noted for the event, or why the message is not an event at all. */
  readonly reason: string;
}

/** Takes every message off the DLQ for a while (FIFO hides a group while one of its messages is out). */
const receiveAll = async (deps: DeadLetterDeps, holdSeconds: number): Promise<Message[]> => {
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await deps.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deps.deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: holdSeconds,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
  }
};

/** Makes messages visible again at once. */
const release = async (deps: DeadLetterDeps, messages: readonly Message[]): Promise<void> => {
  for (let i = 0; i < messages.length; i += 10) {
    await deps.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: deps.deadLetterQueueUrl,
        Entries: messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? '', VisibilityTimeout: 0 })),
      }),
    );
  }
};

const parseBody = (body: string | undefined): unknown => {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
};

const describe = async (deps: DeadLetterDeps, message: Message): Promise<DeadLetter> => {
  const receives = Number(message.Attributes?.ApproximateReceiveCount ?? 0);
  const parsed = canonicalEventSchema.safeParse(parseBody(message.Body));
  if (!parsed.success) return { messageId: message.MessageId ?? '', receives, reason: 'not a canonical event (malformed message)' };
  const event = parsed.data;
  const eventId = eventIdOf(event);
  const note = await deps.outcomes.lastRetry(event.tenantId, eventId);
  return {
    messageId: message.MessageId ?? '',
    tenantId: event.tenantId,
    eventId,
    kind: event.kind,
    occurredAt: event.occurredAt,
    receives,
    reason: note ? `${note.error} (attempt ${note.attempt}, ${note.at})` : 'no failure noted',
  };
};

/** `npm run dlq -- list`: every message in the DLQ, what it was and why it failed; the messages stay there. */
export const listDeadLetters = async (deps: DeadLetterDeps): Promise<DeadLetter[]> => {
  const messages = await receiveAll(deps, 30);
  const letters = await Promise.all(messages.map((m) => describe(deps, m)));
  await release(deps, messages);
  return letters;
};

/** `npm run dlq -- redrive [eventId]`: back to the event queue (all, or one event), then off the DLQ. */
export const redriveDeadLetters = async (deps: DeadLetterDeps, onlyEventId?: string): Promise<DeadLetter[]> => {
  const moved: DeadLetter[] = [];
  const messages = await receiveAll(deps, 30);
  for (const message of messages) {
    const letter = await describe(deps, message);
    if (onlyEventId !== undefined && letter.eventId !== onlyEventId) continue;
    await deps.sqs.send(
      new SendMessageCommand({
        QueueUrl: deps.queueUrl,
        MessageBody: message.Body ?? '',
        MessageGroupId: message.Attributes?.MessageGroupId ?? letter.tenantId ?? 'dead-letters',
        // A new id: the original is still in the queue's deduplication window if it failed fast.
        MessageDeduplicationId: randomUUID(),
        MessageAttributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [
            k,
            { DataType: v.DataType ?? 'String', ...(v.StringValue === undefined ? {} : { StringValue: v.StringValue }) },
          ]),
        ),
      }),
    );
    await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: deps.deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle ?? '' }));
    moved.push(letter);
  }
  await release(
    deps,
    messages.filter((m) => !moved.some((l) => l.messageId === m.MessageId)),
  );
  return moved;
};
