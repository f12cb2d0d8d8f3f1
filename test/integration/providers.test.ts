import { GetQueueAttributesCommand, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import type { LocalStack } from '../../local/stack.js';
import { postSigned, providerFixture, signAs, unsigned } from '../support/provider-signing.js';
import { startTestStack } from '../support/local-stack.js';

/** One direct (not assembled) event per provider, from its documented payloads. */
const CASES = [
  { provider: 'telnyx', fixture: 'message-received', timed: true, bodySigned: true },
  // RingCentral signs nothing: a shared verification token proves the sender, not the body.
  { provider: 'ringcentral', fixture: 'instant-message', timed: false, bodySigned: false },
  { provider: 'zoom', fixture: 'sms-received', timed: true, bodySigned: true },
  { provider: 'dialpad', fixture: 'sms-inbound', timed: true, bodySigned: true },
  { provider: 'vonage', fixture: 'message-inbound-sms', timed: true, bodySigned: true },
] as const;

describe("every provider's webhook route on the local stack", () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await stack.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrl }));
  });

  const queued = async (): Promise<number> => {
    const { Attributes } = await stack.sqs.send(new GetQueueAttributesCommand({ QueueUrl: stack.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(Attributes?.ApproximateNumberOfMessages);
  };
  // Distinct per run: the stack's 72-hour dedup window remembers ids across tests.
  const fresh = (payload: unknown): unknown =>
    JSON.parse(
      JSON.stringify(payload).replaceAll(
        /"(id|uuid|message_uuid|message_id)":\s*"([^"]+)"/g,
        (_m, k: string, v: string) => `"${k}":"${v}-${process.hrtime.bigint()}"`,
      ),
    ) as unknown;

  describe.each(CASES)('$provider', ({ provider, fixture, timed, bodySigned }) => {
    it('queues the event once, however often it is delivered', async () => {
      // Prepare
      const request = signAs(stack, provider, fresh(providerFixture(provider, fixture)));
      // Act
      const answers = [await postSigned(stack, provider, request), await postSigned(stack, provider, request), await postSigned(stack, provider, request)];
      // Assess
      expect(answers.every((a) => a.ok)).toBe(true);
      expect(await queued()).toBe(1);
    });

    if (bodySigned)
      it('answers 401 to a tampered body and queues nothing', async () => {
        // Prepare: one digit of the payload changed after signing
        const payload = fresh(providerFixture(provider, fixture));
        const request = signAs(stack, provider, payload);
        const altered = JSON.parse(JSON.stringify(payload).replace(/\d(?=\d{3}\D)/, (d) => String((Number(d) + 1) % 10))) as unknown;
        const tampered =
          provider === 'dialpad'
            ? {
                ...request,
                body: [request.body.split('.')[0], Buffer.from(JSON.stringify(altered)).toString('base64url'), request.body.split('.')[2]].join('.'),
              }
            : { ...request, body: JSON.stringify(altered) };
        // Act
        const response = await postSigned(stack, provider, tampered);
        // Assess
        expect(tampered.body).not.toBe(request.body);
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: expect.stringMatching(/^signature_/) as string } });
        expect(await queued()).toBe(0);
      });

    it('answers 401 when the callback is not signed (Vonage: 429, so that its signed retry comes)', async () => {
      const response = await postSigned(stack, provider, unsigned(provider, fresh(providerFixture(provider, fixture))));
      expect(response.status).toBe(provider === 'vonage' ? 429 : 401);
      expect(await response.json()).toMatchObject({ error: { code: 'signature_missing' } });
      expect(await queued()).toBe(0);
    });

    if (timed)
      it('answers 401 to a signature older than five minutes', async () => {
        const response = await postSigned(stack, provider, signAs(stack, provider, fresh(providerFixture(provider, fixture)), 400));
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: 'timestamp_stale' } });
        expect(await queued()).toBe(0);
      });
  });

  it("answers RingCentral's subscription handshake by echoing Validation-Token", async () => {
    const response = await fetch(`${stack.url}/v1/tenants/demo/webhooks/ringcentral`, { method: 'POST', headers: { 'validation-token': 'abc-123' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('validation-token')).toBe('abc-123');
  });

  it("answers Zoom's endpoint.url_validation with the token's HMAC", async () => {
    // Prepare
    const challenge = providerFixture<{ payload: { plainToken: string } }>('zoom', 'url-validation');
    // Act
    const response = await postSigned(stack, 'zoom', signAs(stack, 'zoom', challenge));
    // Assess
    expect(response.status).toBe(200);
    const { createHmac } = await import('node:crypto');
    expect(await response.json()).toEqual({
      plainToken: challenge.payload.plainToken,
      encryptedToken: createHmac('sha256', stack.demo.zoomSecret).update(challenge.payload.plainToken).digest('hex'),
    });
  });
});
