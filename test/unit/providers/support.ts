import { readFileSync } from 'node:fs';
import { canonicalEventSchema, type CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { mergeSettings, type SettingsPatch } from '../../../shared/domain/settings.js';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../shared/ports/webhook-provider.js';

/** A provider payload as documented, stored with the page it comes from (`source`). */
interface Fixture {
  readonly source: string;
  readonly payload: unknown;
}

/** The documented payload of `test/fixtures/providers/<provider>/<name>.json`. */
export const fixture = <T = Record<string, unknown>>(provider: string, name: string): T => {
  const file = JSON.parse(readFileSync(new URL(`../../fixtures/providers/${provider}/${name}.json`, import.meta.url), 'utf8')) as Fixture;
  if (!file.source) throw new Error(`${provider}/${name}.json names no source`);
  return file.payload as T;
};

/** The fixture's payload as the raw JSON bytes a provider would send. */
export const fixtureBody = (provider: string, name: string): string => JSON.stringify(fixture(provider, name));

export const contextOf = (settings: SettingsPatch = {}, receivedAt = new Date('2026-01-02T08:10:00Z')): ParseContext => ({
  tenantId: 'demo',
  settings: mergeSettings(settings),
  receivedAt,
  correlationId: 'req-1',
  settleSeconds: 20,
});

export const requestOf = (body: string | Buffer, headers: Record<string, string | undefined> = {}, path = '/v1/tenants/demo/webhooks/x'): InboundWebhook => ({
  method: 'POST',
  path,
  rawQuery: '',
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

/** The event a callback became, checked against the canonical schema. */
export const eventOf = (parsed: ParsedWebhook): CanonicalEvent => {
  if (parsed.type !== 'event') throw new Error(`expected an event, got ${parsed.type === 'ignored' ? `ignored: ${parsed.reason}` : parsed.type}`);
  return canonicalEventSchema.parse(parsed.event);
};

/** Every event is a valid canonical event. */
export const valid = (events: readonly CanonicalEvent[]): CanonicalEvent[] => events.map((event) => canonicalEventSchema.parse(event));
