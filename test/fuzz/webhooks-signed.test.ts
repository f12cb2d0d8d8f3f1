import fc from 'fast-check';
import type { LocalStack } from '../../local/stack.js';
import { PROVIDERS } from '../../shared/domain/canonical-event.js';
import { startTestStack } from '../support/local-stack.js';
import { closeConnections, drainValidEvents, expectWellFormed, fuzzParameters, fuzzTimeout, queueDepth, send, type RawRequest } from './fuzz-support.js';
import { hostileBody, hostileValue, mutated } from './hostile-input.js';
import { samplesOf, TWILIO_PARAMS } from './samples.js';
import { dialpadWithHeader, signedRequest, vonageWithClaims } from './signed-requests.js';

// fauxqs refuses characters beyond U+FFFF in a message (its check lacks the regex `u` flag; SQS accepts them), so a
// queued emoji answers 503 locally: the signed bodies carry U+2603 instead (see the fuzz README).
const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;
const bmpOnly = (body: Buffer): Buffer => {
  const text = body.toString('utf8');
  return Buffer.from(text).equals(body) ? Buffer.from(text.replace(ASTRAL, '\u2603')) : body;
};

const formOf = (params: unknown): Buffer => {
  const entries = params !== null && typeof params === 'object' && !Array.isArray(params) ? Object.entries(params) : [['value', params]];
  const text = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).replace(ASTRAL, '\u2603');
  return Buffer.from(new URLSearchParams(entries.map(([k, v]): [string, string] => [text(k), text(v)])).toString());
};

/**
 * Hostile bodies that carry a valid signature: only a holder of the tenant's secret can send them, but a
 * provider's own bug or a new payload shape can, and what reaches the parser must never become a 5xx. An
 * accepted one may queue an event, which must then be a valid canonical event; a refused one queues nothing.
 */
describe("hostile bodies signed with the tenant's own credentials", () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
  });
  afterAll(async () => {
    closeConnections();
    await stack.stop();
  });

  const check = async (req: RawRequest): Promise<void> => {
    // Whatever an earlier case (or a failed one, while shrinking) left behind.
    await drainValidEvents(stack);
    const response = await send(stack, req);
    expectWellFormed(response, req);
    if (response.status >= 400) expect(await queueDepth(stack)).toBe(0);
    await drainValidEvents(stack);
  };

  it.each(PROVIDERS)(
    '%s: a verified body of any shape is answered 2xx or 4xx, and only valid events are queued',
    async (provider) => {
      // Prepare
      const body = hostileBody(samplesOf(provider)).map(bmpOnly);
      const request =
        provider === 'twilio'
          ? fc.oneof(
              fc
                .constantFrom(...TWILIO_PARAMS)
                .chain(mutated)
                .map((params) => signedRequest(stack, 'twilio', formOf(params))),
              body.map((bytes) => signedRequest(stack, 'twilio', bytes, { asJson: true })),
            )
          : body.map((bytes) => signedRequest(stack, provider, bytes));

      // Act & Assess
      await fc.assert(fc.asyncProperty(request, check), fuzzParameters());
    },
    fuzzTimeout(),
  );

  it(
    'dialpad: a JWT signed with the secret whose header is not what Dialpad sends is refused, never a 5xx',
    async () => {
      const header = fc.oneof(
        hostileValue.map((v) => Buffer.from(JSON.stringify(v) ?? '')),
        fc.constantFrom('none', 'HS512', 'RS256', '').map((alg) => Buffer.from(JSON.stringify({ alg, typ: 'JWT' }))),
        fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Buffer.from(b)),
      );
      const payload = fc.constantFrom(...samplesOf('dialpad')).map((s) => Buffer.from(s));
      await fc.assert(
        fc.asyncProperty(fc.tuple(header, payload), ([h, p]) => check(dialpadWithHeader(stack, h, p))),
        fuzzParameters(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'vonage: a JWT signed with the secret carrying hostile claims is refused, never a 5xx',
    async () => {
      const sample = fc.constantFrom(...samplesOf('vonage')).map((s) => Buffer.from(s));
      const claimSet = fc.dictionary(fc.constantFrom('iat', 'payload_hash', 'exp', 'nbf', 'jti', 'application_id'), hostileValue);
      const claims = fc.oneof(
        claimSet,
        claimSet.map((c) => [c]),
        hostileValue,
      );
      await fc.assert(
        fc.asyncProperty(fc.tuple(claims, sample), ([c, b]) => check(vonageWithClaims(stack, c, b))),
        fuzzParameters(),
      );
    },
    fuzzTimeout(),
  );
});
