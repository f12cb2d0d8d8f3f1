import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import { handedBackUncounted } from '../../../lambdas/processor/create-handler.js';
import { AmendedCallPendingError, BudgetSpentError, RetryableError } from '../../../shared/domain/errors.js';

describe('a failed delivery handed back without counting as an attempt', () => {
  const pending = new AmendedCallPendingError('The call call:CA1 this event completes has no outcome yet');
  const uncounted = (receives: number) => ({ counted: false, receives });

  it("hands back a late recording waiting for its call on its message's first 20 receives, then counts it", () => {
    expect(handedBackUncounted(pending, uncounted(1), 5)).toBe(true);
    expect(handedBackUncounted(pending, uncounted(20), 5)).toBe(true);
    expect(handedBackUncounted(pending, uncounted(21), 5)).toBe(false);
  });

  it("keeps the wait to half the queues' redrive backstop when a message has fewer attempts", () => {
    // Two attempts: the queue's own redrive comes at 20 receives, the wait ends at 10.
    expect(handedBackUncounted(pending, uncounted(10), 2)).toBe(true);
    expect(handedBackUncounted(pending, uncounted(11), 2)).toBe(false);
    expect(handedBackUncounted(pending, uncounted(5), 1)).toBe(true);
    expect(handedBackUncounted(pending, uncounted(6), 1)).toBe(false);
  });

  it('counts a delivery whose attempt had begun, whatever stopped it', () => {
    expect(handedBackUncounted(pending, { counted: true, receives: 1 }, 5)).toBe(false);
    expect(handedBackUncounted(new BudgetSpentError('spent'), { counted: true, receives: 1 }, 5)).toBe(false);
  });

  it('hands back a spent budget or an event another delivery holds on any receive, and counts every other failure', () => {
    expect(handedBackUncounted(new BudgetSpentError('spent'), uncounted(49), 5)).toBe(true);
    expect(handedBackUncounted(new IdempotencyAlreadyInProgressError('held'), uncounted(49), 5)).toBe(true);
    expect(handedBackUncounted(new RetryableError('media host down'), uncounted(1), 5)).toBe(false);
    expect(handedBackUncounted(new Error('crash'), uncounted(1), 5)).toBe(false);
  });
});
