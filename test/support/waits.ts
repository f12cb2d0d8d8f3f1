import type { LocalStack } from '../../local/stack.js';
import type { Outcome, OutcomeStatus } from '../../shared/domain/outcome.js';

/**
 * How long a test waits for work that goes through the queue (a replay, a redelivery, a move to the dead-letter
 * queue): a few seconds on an idle machine, several times that on a loaded one. A test that waits this long sets a
 * jest timeout above it.
 */
export const QUEUED_WORK_TIMEOUT_MS = 30_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `done` holds or the time is up; answers the last value read either way, for the test to assert on. */
export const pollUntil = async <T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = QUEUED_WORK_TIMEOUT_MS, everyMs = 100): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(everyMs);
    value = await read();
  }
  return value;
};

/** Waits for the event's outcome to have `status`; answers the last outcome read (if any), whatever its status. */
export const waitForStatus = (
  stack: LocalStack,
  tenantId: string,
  eventId: string,
  status: OutcomeStatus,
  timeoutMs = QUEUED_WORK_TIMEOUT_MS,
): Promise<Outcome | undefined> =>
  pollUntil(
    () => stack.adapters.outcomes.get(tenantId, eventId),
    (outcome) => outcome?.status === status,
    timeoutMs,
  );
