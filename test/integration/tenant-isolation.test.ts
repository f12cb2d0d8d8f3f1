import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { deliver, sign, twilioForm, type SignedCallback } from '../../local/signers/index.js';
import type { LocalStack } from '../../local/stack.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import { PROVIDERS, type Provider } from '../../shared/domain/canonical-event.js';
import { admin } from '../support/admin.js';
import { sid, startTestStack } from '../support/local-stack.js';
import { MESSAGE_FIXTURES, providerFixture, type FixtureProvider } from '../support/provider-signing.js';

/** One firm as the operator creates it, with a credential of its own for every provider. */
interface Firm {
  readonly id: string;
  readonly adminKey: string;
  /** What the firm registers with us, per provider. */
  readonly credentials: Readonly<Record<Provider, string>>;
  /** What its phone systems sign with: the credentials, but Telnyx's private key where we hold its public key. */
  readonly signing: Readonly<Record<Provider, string>>;
}

const newCredentials = (): Pick<Firm, 'credentials' | 'signing'> => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const secret = () => randomBytes(24).toString('base64url');
  const shared = {
    twilio: secret(),
    ringcentral: secret(),
    zoom: secret(),
    dialpad: secret(),
    vonage: secret(),
    generic: `whsec_${randomBytes(32).toString('base64')}`,
  };
  return {
    credentials: { ...shared, telnyx: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64') },
    signing: { ...shared, telnyx: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
  };
};

const fresh = (payload: unknown): string =>
  JSON.stringify(payload).replaceAll(/"(id|uuid|message_uuid|message_id)":\s*"([^"]+)"/g, (_m, k: string, v: string) => `"${k}":"${v}-${randomUUID()}"`);

// A body per provider that queues one event, with ids no other request in this file uses.
const BODIES: Readonly<Record<Provider, () => string>> = {
  twilio: () => twilioForm(twilioCallParams({ CallSid: sid('CA') })),
  generic: () =>
    JSON.stringify({
      providerResourceId: randomUUID(),
      kind: 'sms',
      direction: 'inbound',
      external: { raw: '+14155550100' },
      firm: { e164: '+14155550199' },
      occurredAt: new Date().toISOString(),
      status: 'received',
      text: 'hi',
    }),
  ...(Object.fromEntries(Object.entries(MESSAGE_FIXTURES).map(([provider, fixture]) => [provider, () => fresh(providerFixture(provider, fixture))])) as Record<
    FixtureProvider,
    () => string
  >),
};

/** A callback signed with `firm`'s credential for `provider`, addressed to `tenantId`'s route. */
const signedBy = (stack: LocalStack, firm: Firm, provider: Provider, tenantId: string): SignedCallback =>
  sign(provider, firm.signing[provider], { url: `${stack.url}/v1/tenants/${tenantId}/webhooks/${provider}`, body: BODIES[provider]() });

describe('tenant isolation', () => {
  let stack: LocalStack;
  let a: Firm;
  let b: Firm;

  const createFirm = async (name: string): Promise<Firm> => {
    const created = await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name });
    expect(created.status).toBe(201);
    const { id, adminKey } = created.body as { id: string; adminKey: string };
    const { credentials, signing } = newCredentials();
    for (const provider of PROVIDERS) {
      expect((await admin(stack, 'PUT', `/v1/tenants/${id}/providers/${provider}`, adminKey, { credential: credentials[provider] })).status).toBe(204);
    }
    return { id, adminKey, credentials, signing };
  };
  const queued = async (): Promise<number> => {
    const { Attributes = {} } = await stack.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: stack.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
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
    it("signed with A's credential are refused on B's route (401, nothing queued), yet admitted on A's", async () => {
      // Prepare: A signs for B's route (Twilio signs the URL too) and for its own; the latter is also replayed on B's
      const forB = signedBy(stack, a, provider, b.id);
      const forA = signedBy(stack, a, provider, a.id);
      // Act
      const onB = await deliver(forB);
      const replayedOnB = await deliver({ ...forA, url: forB.url });
      const queuedAfterB = await queued();
      const onA = await deliver(forA);
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

    it("A's admin key reaches none of B's admin routes (403), and changes nothing there", async () => {
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

    it("B's credentials still verify B's callbacks after A tried to overwrite them", async () => {
      expect((await deliver(signedBy(stack, b, 'twilio', b.id))).status).toBe(200);
    });

    it("A's admin key cannot create tenants, while it reaches its own routes", async () => {
      expect(await admin(stack, 'POST', '/v1/tenants', a.adminKey, { name: 'Gamma Law' })).toMatchObject({
        status: 403,
        body: { error: { code: 'forbidden' } },
      });
      for (const [method, path, body] of routes(a.id).filter(([m]) => m === 'GET'))
        expect((await admin(stack, method, path, a.adminKey, body)).status).toBe(200);
    });
  });
});
