import type { Dependencies } from '../shared/config/wiring.js';
import type { SqsHandler } from './sqs-poller.js';

/** Thrown where a processor "dies": after its Clio writes, before its outcome is recorded. */
export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
}

/**
 * Makes a processor die, when `crash()` says so, at the riskiest moment: Clio already holds what it wrote,
 * the outcome is not recorded, and nothing of the batch is acknowledged — as when a Lambda invocation is
 * killed. Every record of the batch comes back: after its visibility timeout in AWS; here after a second, so
 * fault suites need not wait minutes per crash.
 */
export const withCrashes = (adapters: Dependencies, crash: () => boolean, handlerOf: (adapters: Dependencies) => SqsHandler): SqsHandler => {
  let crashed = false;
  const handler = handlerOf({
    ...adapters,
    outcomes: {
      ...adapters.outcomes,
      record: (outcome) => {
        if (crash()) {
          crashed = true;
          return Promise.reject(new InjectedCrash(`Processor died before recording ${outcome.eventId}`));
        }
        return adapters.outcomes.record(outcome);
      },
    },
  });
  return async (event, context) => {
    crashed = false;
    const response = await handler(event, context);
    if (crashed) {
      // Records that failed already may be back on the queue (their own backoff elapsed): their handles are spent.
      await Promise.allSettled(event.Records.map((r) => adapters.queue.retryAfter(r.receiptHandle, 1, r.eventSourceARN)));
      throw new InjectedCrash('The invocation died; nothing of its batch was acknowledged');
    }
    return response;
  };
};
