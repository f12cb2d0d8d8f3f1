import type { SQSRecord } from 'aws-lambda';
import { settlingOf } from '../../../lambdas/processor/create-handler.js';
import { anEvent } from '../../support/events.js';

const SETTLE = Date.parse('2026-01-02T08:10:20.000Z');
const call = anEvent({ assembly: { callKey: 'CA1', settleUntil: new Date(SETTLE).toISOString() } });
const record = (receiveCount: number, firstReceivedAt: number | undefined): SQSRecord => ({
  attributes: { ApproximateReceiveCount: String(receiveCount), ApproximateFirstReceiveTimestamp: firstReceivedAt === undefined ? '' : String(firstReceivedAt) },
} as unknown as SQSRecord);

describe('a queued call and its settling', () => {
  it('hands a call back until it has settled, by the time the queue first handed it out', () => {
    expect(settlingOf(record(1, SETTLE - 8_000), call, new Date(SETTLE - 7_900))).toEqual({ holdSeconds: 8, attempt: 1 });
  });

  it('does not count a first delivery that only waited as an attempt that may have written', () => {
    expect(settlingOf(record(2, SETTLE - 8_000), call, new Date(SETTLE + 100))).toEqual({ attempt: 1 });
    expect(settlingOf(record(3, SETTLE - 8_000), call, new Date(SETTLE + 5_000))).toEqual({ attempt: 2 });
  });

  it('processes a first delivery the queue handed out once the call had settled, however late we look at it', () => {
    expect(settlingOf(record(1, SETTLE + 10), call, new Date(SETTLE + 20))).toEqual({ attempt: 1 });
    // Received in time to wait, looked at late: it still only waits (at once), so a later delivery may count it out.
    expect(settlingOf(record(1, SETTLE - 2_000), call, new Date(SETTLE + 300))).toEqual({ holdSeconds: 0, attempt: 1 });
  });

  it('counts every delivery when the queue does not say when it first handed the message out', () => {
    expect(settlingOf(record(1, undefined), call, new Date(SETTLE - 3_000))).toEqual({ holdSeconds: 3, attempt: 1 });
    expect(settlingOf(record(2, undefined), call, new Date(SETTLE + 1))).toEqual({ attempt: 2 });
  });

  it('never holds an event that was not assembled', () => {
    expect(settlingOf(record(4, SETTLE - 8_000), anEvent(), new Date(SETTLE - 8_000))).toEqual({ attempt: 4 });
  });
});
