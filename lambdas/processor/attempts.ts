import type { SQSRecord } from 'aws-lambda';
import type { ReceivedMessage } from '../../shared/ports/event-queue.js';
import type { AttemptCount, OutcomeLog } from '../../shared/ports/outcome-log.js';
import type { DeliveryAttempt } from '../../shared/use-cases/process-event.js';

/** A delivery that would begin an attempt past its message's last one: the event goes to the dead-letter queue. */
export class AttemptsExhausted extends Error {
  override readonly name = 'AttemptsExhausted';
}

/** A delivery's attempt at its event, counted in the outcome log once it begins (docs/delivery.md#attempts). */
export interface CountedAttempt extends DeliveryAttempt {
  /** Counts the delivery, if it was not yet, and answers the counts: a failure counts even before Clio was asked. */
  count(): Promise<AttemptCount>;
  /** Whether the delivery was counted (or is being). */
  readonly counted: boolean;
}

/** The attempt of the delivery of message `messageId`; the message has `maxAttempts`. */
export const deliveryAttempt = (
  outcomes: OutcomeLog,
  of: { readonly tenantId: string; readonly eventId: string; readonly messageId: string },
  maxAttempts: number,
): CountedAttempt => {
  let counts: Promise<AttemptCount> | undefined;
  const count = (): Promise<AttemptCount> => (counts ??= outcomes.countAttempt(of.tenantId, of.eventId, of.messageId));
  return {
    count,
    get counted() {
      return counts !== undefined;
    },
    async begin() {
      const { attempt, ofMessage } = await count();
      // The message's last attempt ended without a word (a timeout, a crash): this one does not begin.
      if (ofMessage > maxAttempts) throw new AttemptsExhausted(`The event has had its ${maxAttempts} attempts in this message`);
      return attempt;
    },
  };
};

/** The record as the queue delivered it, for the dead-letter queue. */
export const receivedOf = (record: SQSRecord): ReceivedMessage => ({
  messageId: record.messageId,
  body: record.body,
  groupId: record.attributes.MessageGroupId ?? 'dead-letters',
  attributes: Object.fromEntries(
    Object.entries(record.messageAttributes).flatMap(([name, value]) => (value.stringValue === undefined ? [] : [[name, value.stringValue]])),
  ),
});
