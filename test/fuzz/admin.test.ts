import fc from 'fast-check';
import type { LocalStack } from '../../local/stack.js';
import { PROVIDERS } from '../../shared/domain/canonical-event.js';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.js';
import { admin } from '../support/admin.js';
import { startTestStack } from '../support/local-stack.js';
import { closeConnections, expectWellFormed, fuzzParameters, fuzzTimeout, queueDepth, send, type RawRequest } from './fuzz-support.js';
import { garbageHeaderValue, hostileBody, hostileString, hostileValue, mutated } from './hostile-input.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value) ?? '');
// Percent-encoded only when well formed: a malformed escape crashes the local HTTP adapter (see the fuzz README).
const segmentOf = (text: string): string => encodeURIComponent(text.toWellFormed());

// Requests to the admin API from anyone, with any key: never a 5xx, JSON errors, and nothing queued (no event has
// an outcome here, so even an authorised replay has nothing to send).
describe('hostile requests on the admin API', () => {
  let stack: LocalStack;
  let firm: { id: string; adminKey: string };

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
    firm = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Fuzz & Co' })).body as typeof firm;
  });
  afterAll(async () => {
    closeConnections();
    await stack.stop();
  });

  // Mostly keys that get in, so the bodies reach the actions; the rest probe the authorisation itself.
  const authorization = (): fc.Arbitrary<Record<string, string>> =>
    fc.oneof(
      { arbitrary: fc.constantFrom(stack.demo.operatorKey, firm.adminKey).map((key) => ({ authorization: `Bearer ${key}` })), weight: 6 },
      { arbitrary: fc.constant({}), weight: 1 },
      {
        arbitrary: fc
          .constantFrom(stack.demo.adminKey, `cck_${firm.id}.forged`, 'cck_demo.forged', 'cck_.x', '')
          .map((key) => ({ authorization: `Bearer ${key}` })),
        weight: 1,
      },
      {
        arbitrary: fc
          .constantFrom(
            `bearer ${firm.adminKey}`,
            `Bearer  ${stack.demo.operatorKey} `,
            `Basic ${firm.adminKey}`,
            firm.adminKey,
            `Bearer ${firm.adminKey} extra`,
          )
          .map((value) => ({ authorization: value })),
        weight: 1,
      },
      { arbitrary: garbageHeaderValue.map((value) => ({ authorization: value })), weight: 1 },
    );
  const tenantId = (): fc.Arbitrary<string> =>
    fc.oneof(
      { arbitrary: fc.constant(firm.id), weight: 6 },
      { arbitrary: fc.constantFrom('demo', 'nope', 'x'.repeat(64), 'x'.repeat(65), 'DEMO', '%2e%2e', 'demo%2Fsettings'), weight: 2 },
      { arbitrary: fc.stringMatching(/^[a-z0-9-]{1,64}$/), weight: 1 },
      { arbitrary: hostileString.filter((s) => s.length > 0).map(segmentOf), weight: 1 },
    );
  const contentType: fc.Arbitrary<Record<string, string>> = fc
    .oneof(
      { arbitrary: fc.constant('application/json'), weight: 6 },
      { arbitrary: fc.constantFrom('', 'text/plain', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/x-www-form-urlencoded'), weight: 1 },
    )
    .map((type): Record<string, string> => (type ? { 'content-type': type } : {}));
  const bodyLike = (sample: unknown): fc.Arbitrary<Buffer> =>
    fc.oneof(
      { arbitrary: mutated(sample).map(json), weight: 4 },
      { arbitrary: hostileValue.map(json), weight: 1 },
      { arbitrary: hostileBody([JSON.stringify(sample)]), weight: 2 },
    );
  const request = (method: fc.Arbitrary<string>, path: fc.Arbitrary<string>, body: fc.Arbitrary<Buffer>): fc.Arbitrary<RawRequest> =>
    fc
      .record({ method, path, auth: authorization(), type: contentType, body })
      .map(({ method: m, path: p, auth, type, body: b }) => ({ method: m, path: p, headers: { ...auth, ...type }, body: b }));

  const holds = (requests: fc.Arbitrary<RawRequest>) =>
    fc.assert(
      fc.asyncProperty(requests, async (req) => {
        expectWellFormed(await send(stack, req), req);
        expect(await queueDepth(stack)).toBe(0);
      }),
      fuzzParameters(),
    );

  const outcomeQuery = fc
    .dictionary(
      fc.oneof(fc.constantFrom('status', 'reason', 'since', 'limit', 'cursor'), hostileString),
      fc.oneof(
        hostileString,
        fc.constantFrom('logged', 'skipped', '0', '101', '1.5', '-1', '2026-01-01T00:00:00Z', '2026-01-01', 'eyJ0ZW5hbnRJZCI6ImRlbW8ifQ', 'bm90IGpzb24'),
      ),
      { maxKeys: 4 },
    )
    .map((query) => `?${new URLSearchParams(query).toString()}`);

  const ROUTES: readonly [string, () => fc.Arbitrary<RawRequest>][] = [
    ['POST /v1/tenants', () => request(fc.constant('POST'), fc.constant('/v1/tenants'), bodyLike({ name: 'Smith & Lee LLP', clioRegion: 'EU' }))],
    [
      'GET /v1/tenants/{id}/settings',
      () =>
        request(
          fc.constant('GET'),
          tenantId().map((id) => `/v1/tenants/${id}/settings`),
          fc.constant(Buffer.alloc(0)),
        ),
    ],
    [
      'PATCH /v1/tenants/{id}/settings',
      () =>
        request(
          fc.constant('PATCH'),
          tenantId().map((id) => `/v1/tenants/${id}/settings`),
          bodyLike(DEFAULT_SETTINGS),
        ),
    ],
    [
      'PUT /v1/tenants/{id}/providers/{provider}',
      () =>
        request(
          fc.constant('PUT'),
          fc
            .tuple(tenantId(), fc.oneof(fc.constantFrom(...PROVIDERS), hostileString.filter((s) => s.length > 0).map(segmentOf)))
            .map(([id, p]) => `/v1/tenants/${id}/providers/${p}`),
          bodyLike({ credential: 'a-credential' }),
        ),
    ],
    [
      'PUT /v1/tenants/{id}/user-mappings',
      () =>
        request(
          fc.constant('PUT'),
          tenantId().map((id) => `/v1/tenants/${id}/user-mappings`),
          bodyLike({ '101': 345, 'alex@firm.example': 345, '+14155550199': 345 }),
        ),
    ],
    [
      'GET /v1/tenants/{id}/outcomes',
      () =>
        request(
          fc.constant('GET'),
          fc.tuple(tenantId(), outcomeQuery).map(([id, q]) => `/v1/tenants/${id}/outcomes${q}`),
          fc.constant(Buffer.alloc(0)),
        ),
    ],
    [
      'POST /v1/tenants/{id}/outcomes/{eventId}/replay',
      () =>
        request(
          fc.constant('POST'),
          // Ids up to 1 KiB: a longer one exceeds DynamoDB's sort-key size and the admin API answers 500 (see the fuzz README).
          fc
            .tuple(
              tenantId(),
              fc.oneof(
                fc.constantFrom('twilio:call:CA1', 'generic:x', '%2F', '..'),
                hostileString.filter((s) => s.length > 0 && Buffer.byteLength(s) <= 1024).map(segmentOf),
              ),
            )
            .map(([id, e]) => `/v1/tenants/${id}/outcomes/${e}/replay`),
          hostileBody(['{}']),
        ),
    ],
  ];

  it.each(ROUTES)(
    '%s: any key, body and id never answers 5xx nor queues anything',
    async (_route, requests) => {
      await holds(requests());
    },
    fuzzTimeout(),
  );

  it(
    'any method on any path under /v1/tenants never answers 5xx nor queues anything',
    async () => {
      const suffix = fc.array(
        fc.oneof(
          fc.constantFrom('settings', 'providers', 'user-mappings', 'outcomes', 'replay', 'webhooks', 'clio', 'connect', 'sync', ''),
          hostileString.map(segmentOf),
        ),
        { maxLength: 4 },
      );
      const path = fc.tuple(tenantId(), suffix).map(([id, rest]) => [`/v1/tenants/${id}`, ...rest].join('/'));
      await holds(
        request(
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          fc.oneof(path, fc.constantFrom('/v1/tenants', '/v1/tenants/', '/v1/tenants?x=1')),
          hostileBody(['{}']),
        ),
      );
    },
    fuzzTimeout(),
  );
});
