import fc from 'fast-check';
import type { LocalStack } from '../../local/stack.js';
import { WEBHOOK_PROVIDERS } from '../../shared/adapters/providers/index.js';
import { PROVIDERS } from '../../shared/domain/canonical-event.js';
import { startTestStack } from '../support/local-stack.js';
import { closeConnections, expectWellFormed, fuzzParameters, fuzzTimeout, queueDepth, send } from './fuzz-support.js';
import { hostileBody, hostileHeaders, hostileString } from './hostile-input.js';
import { samplesOf } from './samples.js';

// Unsigned or badly signed callbacks: whatever the body and headers, the answer is a 4xx (or a handshake) and nothing is queued.
describe('hostile requests on the webhook routes', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
  });
  afterAll(async () => {
    closeConnections();
    await stack.stop();
  });

  it.each(PROVIDERS)(
    '%s: random bodies and header sets never answer 5xx nor queue anything',
    async (provider) => {
      // Prepare
      const declared = WEBHOOK_PROVIDERS[provider].contentTypes;
      const contentTypes = declared === 'any' ? ['application/jwt', 'text/plain', 'application/json'] : declared;
      const request = fc
        .record({ body: hostileBody(samplesOf(provider)), headers: hostileHeaders(contentTypes) })
        .map(({ body, headers }) => ({ method: 'POST', path: `/v1/tenants/demo/webhooks/${provider}`, headers, body }));

      // Act & Assess
      await fc.assert(
        fc.asyncProperty(request, async (req) => {
          expectWellFormed(await send(stack, req), req);
          expect(await queueDepth(stack)).toBe(0);
        }),
        fuzzParameters(),
      );
    },
    fuzzTimeout(),
  );

  // Well-formed percent-encoding only: a malformed one (`%E0%A4%A`) crashes the local HTTP adapter (see the fuzz README).
  const segment = fc.oneof(
    fc.constantFrom(
      'v1',
      'tenants',
      'demo',
      'webhooks',
      'generic',
      'twilio',
      'Twilio',
      'TWILIO',
      'acme',
      '..',
      '.',
      '',
      '%2F',
      '%2e%2e',
      '%00',
      '%20demo',
      'demo%0A',
      'x'.repeat(3000),
    ),
    fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{1,24}$/),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(encodeURIComponent),
    hostileString.filter((s) => s.isWellFormed()).map(encodeURIComponent),
  );
  const path = fc
    .oneof(
      fc.tuple(segment, segment).map(([tenant, provider]) => `/v1/tenants/${tenant}/webhooks/${provider}`),
      fc.tuple(segment, fc.constantFrom(...PROVIDERS)).map(([tenant, provider]) => `/v1/tenants/${tenant}/webhooks/${provider}`),
      // Never `//…`: the local HTTP adapter cannot parse such a path and never answers (see the fuzz README).
      fc.array(segment, { maxLength: 7 }).map((segments) => `/${segments.join('/')}`.replace(/^\/+/, '/')),
    )
    .chain((p) => fc.option(fc.stringMatching(/^[A-Za-z0-9=&%._-]{0,40}$/)).map((query) => (query === null ? p : `${p}?${query}`)));

  it(
    'random paths, methods and tenant ids never answer 5xx nor queue anything',
    async () => {
      // Prepare
      const request = fc.record({
        method: fc.constantFrom('POST', 'POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
        path,
        headers: hostileHeaders(['application/json', 'application/x-www-form-urlencoded']),
        body: hostileBody(samplesOf('generic')),
      });

      // Act & Assess
      await fc.assert(
        fc.asyncProperty(request, async (req) => {
          expectWellFormed(await send(stack, req), req);
          expect(await queueDepth(stack)).toBe(0);
        }),
        fuzzParameters(),
      );
    },
    fuzzTimeout(),
  );
});
