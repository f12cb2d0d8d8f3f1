import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
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

/** What `list` finds: the messages it could take off the DLQ, and about how many wait behind them in their groups. */
export interface DeadLetterSurvey {
  readonly letters: DeadLetter[];
  /**
   * A FIFO queue hands out a group's next message only once those before it are gone: the rest of each group is
   * counted (SQS's approximate count of what is left), not shown. A redrive moves them too.
   */
  readonly behind: number;
}

/** `npm run dlq -- list`: every message in the DLQ it can see, what it was and why it failed; the messages stay there. */
export const surveyDeadLetters = async (deps: DeadLetterDeps): Promise<DeadLetterSurvey> => {
  const messages = await receiveAll(deps, 30);
  try {
    const letters = await Promise.all(messages.map((m) => describe(deps, m)));
    const { Attributes } = await deps.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: deps.deadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return { letters, behind: Number(Attributes?.ApproximateNumberOfMessages ?? 0) };
  } finally {
    await release(deps, messages);
  }
};

/** The messages in the DLQ that `list` can see (the first of each group, or more). */
export const listDeadLetters = async (deps: DeadLetterDeps): Promise<DeadLetter[]> => (await surveyDeadLetters(deps)).letters;

/** Names the redrive that sent a message back, so that one dead-lettered again meanwhile is not sent twice by it. */
const REDRIVE_ATTRIBUTE = 'redrive';

/**
 * `npm run dlq -- redrive [eventId]`: back to the event queue (all, or one event), then off the DLQ. All of them: in
 * rounds, since a group's next message shows only once those before it are gone, until a round moves nothing. A
 * message this redrive sent that is back already (one no processor can read is dead-lettered again at once) waits for
 * the next redrive. One event: the messages in view, once.
 */
export const redriveDeadLetters = async (deps: DeadLetterDeps, onlyEventId?: string): Promise<DeadLetter[]> => {
  const run = randomUUID();
  const moved: DeadLetter[] = [];
  for (;;) {
    const round = await redriveRound(
      deps,
      run,
      (message, letter) => message.MessageAttributes?.[REDRIVE_ATTRIBUTE]?.StringValue !== run && (onlyEventId === undefined || letter.eventId === onlyEventId),
    );
    moved.push(...round);
    if (round.length === 0 || onlyEventId !== undefined) return moved;
  }
};

/** Moves the messages in view that `chosen` picks, naming the redrive `run`; releases the others. */
const redriveRound = async (deps: DeadLetterDeps, run: string, chosen: (message: Message, letter: DeadLetter) => boolean): Promise<DeadLetter[]> => {
  const moved: DeadLetter[] = [];
  const kept: Message[] = [];
  const messages = await receiveAll(deps, 30);
  for (const message of messages) {
    const letter = await describe(deps, message);
    if (!chosen(message, letter)) {
      kept.push(message);
      continue;
    }
    await deps.sqs.send(
      new SendMessageCommand({
        QueueUrl: deps.queueUrl,
        MessageBody: message.Body ?? '',
        MessageGroupId: message.Attributes?.MessageGroupId ?? letter.tenantId ?? 'dead-letters',
        // A new id: the original is still in the queue's deduplication window if it failed fast.
        MessageDeduplicationId: randomUUID(),
        MessageAttributes: {
          ...Object.fromEntries(
            Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [
              k,
              { DataType: v.DataType ?? 'String', ...(v.StringValue === undefined ? {} : { StringValue: v.StringValue }) },
            ]),
          ),
          [REDRIVE_ATTRIBUTE]: { DataType: 'String', StringValue: run },
        },
      }),
    );
    await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: deps.deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle ?? '' }));
    moved.push(letter);
  }
  await release(deps, kept);
  return moved;
};
