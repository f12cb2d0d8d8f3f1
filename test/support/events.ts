import type { CanonicalEvent } from '../../shared/domain/canonical-event.js';

/** A valid canonical event: an inbound completed call from +1 415-555-0100, overridable field by field. */
export const anEvent = (overrides: Partial<CanonicalEvent> = {}): CanonicalEvent => ({
  schemaVersion: 1,
  tenantId: 'demo',
  provider: 'twilio',
  providerEventId: 'call:CA1',
  providerResourceId: 'CA1',
  kind: 'call',
  direction: 'inbound',
  external: { raw: '+14155550100', e164: '+14155550100' },
  firm: { e164: '+14155550199' },
  occurredAt: '2026-01-02T08:06:10.000Z',
  startedAt: '2026-01-02T08:04:05.000Z',
  endedAt: '2026-01-02T08:06:10.000Z',
  durationSeconds: 125,
  status: 'completed',
  media: [],
  correlationId: 'corr-1',
  ...overrides,
});
