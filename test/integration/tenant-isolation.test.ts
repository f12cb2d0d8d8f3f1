import { createHash, createHmac, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { GetQueueAttributesCommand, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import jwt from 'jsonwebtoken';
import { Webhook } from 'standardwebhooks';
import twilio from 'twilio';
import type { LocalStack } from '../../local/stack.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import { PROVIDERS, type Provider } from '../../shared/domain/canonical-event.js';
import { admin } from '../support/admin.js';
import { sid, startTestStack } from '../support/local-stack.js';
import { providerFixture } from '../support/provider-signing.js';

/** One firm as the operator creates it, with a credential of its own for every provider. */
interface Firm {
  readonly id: string;
  readonly adminKey: string;
  readonly credentials: Readonly<Record<Provider, string>>;
  readonly telnyxKey: KeyObject;
}

const newCredentials = (): { credentials: Record<Provider, string>; telnyxKey: KeyObject } => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const secret = () => randomBytes(24).toString('base64url');
  return {
    telnyxKey: privateKey,
    credentials: {
      twilio: secret(), ringcentral: secret(), zoom: secret(), dialpad: secret(), vonage: secret(),
      telnyx: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64'),
      generic: `whsec_${randomBytes(32).toString('base64')}`,
    },
  };
};

// Documented payloads that each queue one event, with ids no other request in this file uses.
const PAYLOADS: Readonly<Record<Exclude<Provider, 'twilio' | 'generic'>, string>> = {
  telnyx: 'message-received', ringcentral: 'instant-message', zoom: 'sms-received', dialpad: 'sms-inbound', vonage: 'message-inbound-sms',
};
const fresh = (payload: unknown): unknown =>
  JSON.parse(JSON.stringify(payload).replaceAll(/"(id|uuid|message_uuid|message_id)":\s*"([^"]+)"/g, (_m, k: string, v: string) => `"${k}":"${v}-${randomUUID()}"`)) as unknown;

/** A callback signed with `firm`'s credential for `provider`, addressed to `tenantId`'s route. */
const signedBy = (stack: LocalStack, firm: Firm, provider: Provider, tenantId: string): { url: string; init: RequestInit } => {
  const url = `${stack.url}/v1/tenants/${tenantId}/webhooks/${provider}`;
  const secret = firm.credentials[provider];
  const ts = Math.floor(Date.now() / 1000);
  const post = (body: string, headers: Record<string, string>) => ({ url, init: { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body } });
  if (provider === 'twilio') {
    const params = twilioCallParams({ CallSid: sid('CA') });
    return { url, init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(secret, url, params) }, body: new URLSearchParams(params).toString() } };
  }
  if (provider === 'generic') {
    const body = JSON.stringify({ providerResourceId: randomUUID(), kind: 'sms', direction: 'inbound', external: { raw: '+14155550100' }, firm: { e164: '+14155550199' }, occurredAt: new Date().toISOString(), status: 'received', text: 'hi' });
    const id = `msg_${randomUUID()}`;
    return post(body, { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': new Webhook(secret).sign(id, new Date(ts * 1000), body) });
  }
  const payload = fresh(providerFixture(provider, PAYLOADS[provider]));
  const body = JSON.stringify(payload);
  switch (provider) {
    case 'telnyx': return post(body, { 'telnyx-timestamp': String(ts), 'telnyx-signature-ed25519': sign(null, Buffer.from(`${ts}|${body}`), firm.telnyxKey).toString('base64') });
    case 'ringcentral': return post(body, { 'verification-token': secret });
    case 'zoom': return post(body, { 'x-zm-request-timestamp': String(ts), 'x-zm-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}` });
    case 'dialpad': return { url, init: { method: 'POST', headers: { 'content-type': 'application/jwt' }, body: jwt.sign(payload as object, secret, { algorithm: 'HS256', noTimestamp: true }) } };
    case 'vonage': return post(body, { authorization: `Bearer ${jwt.sign({ application_id: randomUUID(), iat: ts, jti: randomUUID(), payload_hash: createHash('sha256').update(body).digest('hex') }, secret, { algorithm: 'HS256' })}` });
  }
};

describe('tenant isolation', () => {
  let stack: LocalStack;
  let a: Firm;
  let b: Firm;

  const createFirm = async (name: string): Promise<Firm> => {
    const created = await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name });
    expect(created.status).toBe(201);
    const { id, adminKey } = created.body as { id: string; adminKey: string };
    const { credentials, telnyxKey } = newCredentials();
    for (const provider of PROVIDERS) {
      expect((await admin(stack, 'PUT', `/v1/tenants/${id}/providers/${provider}`, adminKey, { credential: credentials[provider] })).status).toBe(204);
    }
    return { id, adminKey, credentials, telnyxKey };
  };
  const queued = async (): Promise<number> => {
    const { Attributes = {} } = await stack.sqs.send(new GetQueueAttributesCommand({ QueueUrl: stack.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
    a = await createFirm('Alpha Law');
    b = await createFirm('Beta Law');
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrl })));

  describe.each(PROVIDERS)('%s callbacks', (provider) => {
    it('signed with A\'s credential are refused on B\'s route (401, nothing queued), yet admitted on A\'s', async () => {
      // Prepare: A signs for B's route (Twilio signs the URL too) and for its own; the latter is also replayed on B's
      const forB = signedBy(stack, a, provider, b.id);
      const forA = signedBy(stack, a, provider, a.id);
      // Act
      const onB = await fetch(forB.url, forB.init);
      const replayedOnB = await fetch(forB.url, forA.init);
      const queuedAfterB = await queued();
      const onA = await fetch(forA.url, forA.init);
      // Assess
      expect(onB.status).toBe(401);
      expect(await onB.json()).toMatchObject({ error: { code: expect.stringMatching(/^signature_/) as string } });
      expect(replayedOnB.status).toBe(401);
      expect(queuedAfterB).toBe(0);
      expect(onA.status).toBeLessThan(300);
      expect(await queued()).toBe(1);
    });
  });

  describe('admin keys', () => {
    const routes = (tenantId: string): [string, string, unknown][] => [
      ['GET', `/v1/tenants/${tenantId}/settings`, undefined],
      ['PATCH', `/v1/tenants/${tenantId}/settings`, { logMissedCalls: false }],
      ...PROVIDERS.map((p): [string, string, unknown] => ['PUT', `/v1/tenants/${tenantId}/providers/${p}`, { credential: 'stolen' }]),
      ['PUT', `/v1/tenants/${tenantId}/user-mappings`, { '101': 1 }],
      ['GET', `/v1/tenants/${tenantId}/outcomes`, undefined],
      ['POST', `/v1/tenants/${tenantId}/outcomes/${encodeURIComponent('twilio:call:CA1')}/replay`, undefined],
    ];

    it('A\'s admin key reaches none of B\'s admin routes (403), and changes nothing there', async () => {
      // Prepare
      const before = await admin(stack, 'GET', `/v1/tenants/${b.id}/settings`, stack.demo.operatorKey);
      // Act
      const answers = [];
      for (const [method, path, body] of routes(b.id)) answers.push({ method, path, ...(await admin(stack, method, path, a.adminKey, body)) });
      // Assess
      for (const answer of answers) expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      expect(await admin(stack, 'GET', `/v1/tenants/${b.id}/settings`, stack.demo.operatorKey)).toEqual(before);
      expect(await queued()).toBe(0);
    });

    it('B\'s credentials still verify B\'s callbacks after A tried to overwrite them', async () => {
      const request = signedBy(stack, b, 'twilio', b.id);
      expect((await fetch(request.url, request.init)).status).toBe(200);
    });

    it('A\'s admin key cannot create tenants, while it reaches its own routes', async () => {
      expect(await admin(stack, 'POST', '/v1/tenants', a.adminKey, { name: 'Gamma Law' })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      for (const [method, path, body] of routes(a.id).filter(([m]) => m === 'GET')) expect((await admin(stack, method, path, a.adminKey, body)).status).toBe(200);
    });
  });
});
