import { GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import twilio from 'twilio';
import { twilioCallParams } from '../../local/twilio-example.js';
import { startHttpApi } from '../../local/http-api.js';
import { deliver, sign, twilioForm, twilioJsonSigner } from '../../local/signers/index.js';
import type { LocalStack } from '../../local/stack.js';
import { createIngestHandler } from '../../lambdas/ingest/create-handler.js';
import { createIngestDependencies } from '../../shared/config/core-wiring.js';
import { canonicalEventSchema } from '../../shared/domain/canonical-event.js';
import { postTwilio, sid, startTestStack } from '../support/local-stack.js';

describe('the Twilio webhook route', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrl })));

  const queued = async (): Promise<number> => {
    const { Attributes } = await stack.sqs.send(new GetQueueAttributesCommand({ QueueUrl: stack.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(Attributes?.ApproximateNumberOfMessages);
  };
  const url = (tenant = 'demo', provider = 'twilio') => `${stack.url}/v1/tenants/${tenant}/webhooks/${provider}`;

  it('queues the canonical event in the tenant + number group, deduplicated on the provider event key', async () => {
    // Prepare
    const params = twilioCallParams({ CallSid: sid('CA') });
    // Act
    const response = await postTwilio(stack, params);
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.queueUrl, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    // Assess
    expect(response.status).toBe(200);
    expect(Messages).toHaveLength(1);
    const [message] = Messages;
    const event = canonicalEventSchema.parse(JSON.parse(message?.Body ?? ''));
    expect(event).toMatchObject({ tenantId: 'demo', providerEventId: `call:${params.CallSid}`, external: { e164: '+14155550100' } });
    expect(message?.Attributes?.MessageGroupId).toBe('demo#+14155550100');
    expect(message?.Attributes?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(message?.MessageAttributes?.correlationId?.StringValue).toBe(event.correlationId);
  });

  it("queues the same way on the ingest function's own adapters, as deployed (not every function's)", async () => {
    // Prepare: the ingest handler as its Lambda entry builds it, served on its own port
    const api = await startHttpApi({ port: 0, host: '127.0.0.1' });
    try {
      const handler = createIngestHandler(createIngestDependencies({ ...stack.config, publicBaseUrl: api.url }));
      api.setRoutes([{ routeKey: 'POST /v1/tenants/{tenantId}/webhooks/{provider}', functionName: 'ingest', handler }]);
      const signedUrl = `${api.url}/v1/tenants/demo/webhooks/twilio`;
      const params = twilioCallParams({ CallSid: sid('CA') });
      // Act
      const response = await deliver(sign('twilio', stack.demo.twilioAuthToken, { url: signedUrl, body: twilioForm(params) }));
      const again = await deliver(sign('twilio', stack.demo.twilioAuthToken, { url: signedUrl, body: twilioForm(params) }));
      const { Messages = [] } = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.queueUrl, MessageAttributeNames: ['All'] }));
      // Assess
      expect([response.status, again.status]).toEqual([200, 200]);
      expect(Messages).toHaveLength(1);
      expect(canonicalEventSchema.parse(JSON.parse(Messages[0]?.Body ?? ''))).toMatchObject({ tenantId: 'demo', providerEventId: `call:${params.CallSid}` });
    } finally {
      await api.stop();
    }
  });

  it('accepts the JSON variant signed over bodySHA256', async () => {
    // Prepare
    const body = JSON.stringify(twilioCallParams({ CallSid: sid('CA') }));
    // Act
    const response = await deliver(twilioJsonSigner.sign(stack.demo.twilioAuthToken, { url: url(), body }));
    // Assess
    expect(response.status).toBe(200);
    expect(await queued()).toBe(1);
  });

  it('takes a status callback sent by GET (StatusCallbackMethod=GET) on the same route', async () => {
    // Prepare: the parameters in the query, signed as part of the URL
    const params = twilioCallParams({ CallSid: sid('CA') });
    const getUrl = `${url()}?${new URLSearchParams(params).toString()}`;
    // Act
    const response = await fetch(getUrl, { headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(stack.demo.twilioAuthToken, getUrl, {}) } });
    const forged = await fetch(getUrl.replace('CallDuration=125', 'CallDuration=999'), {
      headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(stack.demo.twilioAuthToken, getUrl, {}) },
    });
    // Assess
    expect(response.status).toBe(200);
    expect(forged.status).toBe(401);
    expect(await queued()).toBe(1);
  });

  it("answers an unknown tenant exactly as a tenant without the provider's credentials", async () => {
    // Prepare: a firm that set up no Telnyx key
    await stack.adapters.tenants.put({ id: 'no-telnyx-firm', name: 'No Telnyx', clioRegion: 'US', settings: {} });
    const post = (tenant: string) => fetch(url(tenant, 'telnyx'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"data":{}}' });
    // Act
    const [unknown, unconfigured] = await Promise.all([post('no-such-firm'), post('no-telnyx-firm')]);
    // Assess
    expect([unknown.status, await unknown.text()]).toEqual([unconfigured.status, await unconfigured.text()]);
    expect(unconfigured.status).toBe(401);
  });

  it('answers 405 to a GET on a provider that only posts', async () => {
    const response = await fetch(url('demo', 'telnyx'));
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('acknowledges a ringing callback with TwiML and queues nothing', async () => {
    const response = await postTwilio(stack, twilioCallParams({ CallSid: sid('CA'), CallStatus: 'ringing' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<Response/>');
    expect(await queued()).toBe(0);
  });

  it.each([
    [
      'an unknown tenant, as a tenant without Twilio credentials',
      () => postTwilio(stack, twilioCallParams(), { tenantId: 'nobody' }),
      401,
      'provider_not_configured',
    ],
    [
      'an unknown provider',
      () => fetch(url('demo', 'acme'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      404,
      'unknown_provider',
    ],
    [
      'a missing signature',
      () => fetch(url(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallSid=CA1' }),
      401,
      'signature_missing',
    ],
    ['a bad signature', () => postTwilio(stack, twilioCallParams(), { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }), 401, 'signature_invalid'],
    [
      'an unsupported content type',
      () => fetch(url(), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }),
      415,
      'unsupported_media_type',
    ],
    [
      'a body over 256 KiB',
      () => fetch(url(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Body=${'x'.repeat(262_144)}` }),
      413,
      'payload_too_large',
    ],
    [
      'a signed callback that lacks its caller',
      () => postTwilio(stack, { CallSid: sid('CA'), CallStatus: 'completed', To: '+14155550199' }),
      400,
      'malformed_payload',
    ],
    [
      'a path that is not valid percent-encoding',
      () => fetch(`${stack.url}/v1/tenants/de%E0mo/webhooks/twilio`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      400,
      'bad_request',
    ],
    ['a path that starts with //', () => fetch(`${stack.url}//`, { method: 'POST' }), 404, 'not_found'],
  ])('answers %s with a JSON error and queues nothing', async (_name, send, status, code) => {
    // Act
    const response = await send();
    // Assess
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) as string } });
    expect(await queued()).toBe(0);
  });
});
