import type { SQSRecord } from 'aws-lambda';
import { settlingOf } from '../../../lambdas/processor/create-handler.js';
import { anEvent } from '../../support/events.js';

const SETTLE = Date.parse('2026-01-02T08:10:20.000Z');
const call = anEvent({ assembly: { callKey: 'CA1', settleUntil: new Date(SETTLE).toISOString() } });
const record = (receiveCount: number, firstReceivedAt: number | undefined): SQSRecord =>
  ({
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      ApproximateFirstReceiveTimestamp: firstReceivedAt === undefined ? '' : String(firstReceivedAt),
    },
  }) as unknown as SQSRecord;

describe('a queued call and its settling', () => {
  it('hands a call back until it has settled, by the time the queue first handed it out', () => {
    expect(settlingOf(record(1, SETTLE - 8_000), call, new Date(SETTLE - 7_900))).toEqual({ holdSeconds: 8 });
  });

  it('processes a later delivery once the call has settled by our clock', () => {
    expect(settlingOf(record(2, SETTLE - 8_000), call, new Date(SETTLE + 100))).toEqual({});
    expect(settlingOf(record(2, SETTLE - 8_000), call, new Date(SETTLE - 3_000))).toEqual({ holdSeconds: 3 });
  });

  it('processes a first delivery the queue handed out once the call had settled, however late we look at it', () => {
    expect(settlingOf(record(1, SETTLE + 10), call, new Date(SETTLE + 20))).toEqual({});
    // Received in time to wait, looked at late: it still only waits (at once).
    expect(settlingOf(record(1, SETTLE - 2_000), call, new Date(SETTLE + 300))).toEqual({ holdSeconds: 0 });
  });

  it('judges by our clock when the queue does not say when it first handed the message out', () => {
    expect(settlingOf(record(1, undefined), call, new Date(SETTLE - 3_000))).toEqual({ holdSeconds: 3 });
    expect(settlingOf(record(2, undefined), call, new Date(SETTLE + 1))).toEqual({});
  });

  it('never holds an event that was not assembled', () => {
    expect(settlingOf(record(4, SETTLE - 8_000), anEvent(), new Date(SETTLE - 8_000))).toEqual({});
  });
});
