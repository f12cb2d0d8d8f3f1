import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { DEMO_TELNYX_PRIVATE_KEY_PEM } from '../../local/demo-telnyx-key.js';
import { deliver, sign, twilioForm } from '../../local/signers/index.js';
import type { LocalStack } from '../../local/stack.js';
import { PROVIDERS } from '../../shared/domain/canonical-event.js';
import type { FixtureProvider, SignedRequest } from '../support/provider-signing.js';
import { startRingCentralApiFake, type RingCentralMessage } from '../support/ringcentral-api-fake.js';
import { aVonageApp, startVonageFilesFake } from '../support/vonage-files-fake.js';
import { startZoomApiFake } from '../support/zoom-api-fake.js';

/** Each provider connection's credentials, as a firm gives them. */
const RINGCENTRAL_APP = {
  clientId: 'rc-app-client-id',
  clientSecret: 'rc-app-client-secret-never-logged',
  jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI2Mjk5MTAwMSJ9.bm90LWxvZ2dlZA',
};
const ZOOM_APP = { accountId: 'D8cJuqWVQ623CI4Q8yQK0Q', clientId: 'zoomClientId0001', clientSecret: 'zoomClientSecretNeverLogged00001' };
const VONAGE_APP = aVonageApp();

// DEBUG for this file: the level must be the logger's initial one, read from the environment when its module is first
// evaluated, because `injectLambdaContext` resets the level to the initial one on every warm invocation (Powertools'
// `refreshSampleRateCalculation`), so a `logger.setLogLevel('DEBUG')` lasts one request. Hence the dynamic imports.
const previousLevel = process.env.POWERTOOLS_LOG_LEVEL;
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
const { logger } = await import('../../shared/observability/logger.js');
const { clioAppFromEnv } = await import('../../local/stack.js');
const { twilioCallParams } = await import('../../local/twilio-example.js');
const { admin } = await import('../support/admin.js');
const { sid, simState, startTestStack, waitForOutcome } = await import('../support/local-stack.js');
const { MESSAGE_FIXTURES, postSigned, providerFixture, signAs, unsigned } = await import('../support/provider-signing.js');
const { flowIds, loadFlow } = await import('../support/call-flows.js');

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

/**
 * Captures every line written while it runs. Powertools Logger prints through its own `node:console` Console bound
 * to `process.stdout`/`process.stderr` (not the global console), so the streams' `write` is what sees its lines; the
 * global console (the local HTTP adapter, the poller) is captured too. Log lines are kept out of the test output.
 */
const captureOutput = () => {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, i) => {
    const original = writes[i];
    stream.write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      lines.push(...text.split('\n').filter(Boolean));
      return text.startsWith('{"level"') || !original ? true : original(chunk, ...(rest as []));
    };
  });
  const methods: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
  const originals = methods.map((name) => console[name].bind(console));
  for (const name of methods) console[name] = (...args: unknown[]) => void lines.push(...format(...args).split('\n'));
  return {
    lines,
    restore() {
      streams.forEach((stream, i) => {
        if (writes[i]) stream.write = writes[i];
      });
      methods.forEach((name, i) => {
        if (originals[i]) console[name] = originals[i];
      });
    },
  };
};

const fresh = (payload: unknown): unknown =>
  JSON.parse(
    JSON.stringify(payload).replaceAll(/"(id|uuid|message_uuid|message_id)":\s*"([^"]+)"/g, (_m, k: string, v: string) => `"${k}":"${v}-${randomUUID()}"`),
  ) as unknown;

describe('no secret reaches a log line', () => {
  let stack: LocalStack;
  let output: ReturnType<typeof captureOutput>;
  let ringcentral: Awaited<ReturnType<typeof startRingCentralApiFake>>;
  let zoom: Awaited<ReturnType<typeof startZoomApiFake>>;
  let vonage: Awaited<ReturnType<typeof startVonageFilesFake>>;
  /** Every secret the flow uses, by name; signature values are added as they are sent. */
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    ringcentral = await startRingCentralApiFake(RINGCENTRAL_APP);
    zoom = await startZoomApiFake(ZOOM_APP);
    vonage = await startVonageFilesFake(VONAGE_APP);
    stack = await startTestStack({ ringcentralApiBaseUrl: ringcentral.url, zoomApiBaseUrl: zoom.url, vonageApiBaseUrl: vonage.url });
    output = captureOutput();
  });
  afterAll(async () => {
    output.restore();
    if (previousLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = previousLevel;
    await stack.stop();
    await Promise.all([ringcentral.stop(), zoom.stop(), vonage.stop()]);
  });

  const fault = (body: Record<string, unknown>) =>
    fetch(`${stack.clioUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const sendTwilioCall = async (): Promise<string> => {
    const params = twilioCallParams({ CallSid: sid('CA'), From: '+14155550100' });
    const url = `${stack.url}/v1/tenants/demo/webhooks/twilio`;
    const signed = sign('twilio', stack.demo.twilioAuthToken, { url, body: twilioForm(params) });
    secrets.set(`x-twilio-signature ${params.CallSid}`, signed.headers['x-twilio-signature'] ?? '');
    const response = await deliver(signed);
    expect(response.status).toBe(200);
    return `twilio:call:${params.CallSid}`;
  };
  const rememberSignature = (provider: string, request: SignedRequest) => {
    for (const name of ['telnyx-signature-ed25519', 'x-zm-signature', 'verification-token', 'authorization']) {
      if (request.headers[name]) secrets.set(`${provider} ${name}`, request.headers[name].replace(/^Bearer /, ''));
    }
    if (provider === 'dialpad') secrets.set('dialpad JWT signature', request.body.split('.')[2] ?? '');
  };

  it("while admin calls, every provider's callbacks, a Clio 401 and a Clio 429 run at DEBUG", async () => {
    // Prepare: the operator creates a firm that stores a credential for every provider
    logger.debug('capture check');
    const created = await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Secretive LLP' });
    const firm = created.body as { id: string; adminKey: string };
    secrets.set('new tenant admin key', firm.adminKey);
    for (const provider of PROVIDERS) {
      // Each in the shape its provider issues: a Standard Webhooks secret, a Telnyx public key, or a token.
      const credential =
        provider === 'generic'
          ? `whsec_${Buffer.from(randomUUID()).toString('base64')}`
          : provider === 'telnyx'
            ? generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64')
            : `${provider}-credential-${randomUUID()}`;
      secrets.set(`${provider} credential of the new tenant`, credential);
      expect((await admin(stack, 'PUT', `/v1/tenants/${firm.id}/providers/${provider}`, firm.adminKey, { credential })).status).toBe(204);
    }
    await admin(stack, 'PATCH', `/v1/tenants/${firm.id}/settings`, firm.adminKey, { logMissedCalls: false, colour: 'blue' });
    await admin(stack, 'PUT', `/v1/tenants/${firm.id}/user-mappings`, firm.adminKey, { '101': 345 });
    await admin(stack, 'GET', `/v1/tenants/${firm.id}/outcomes?cursor=bogus`, firm.adminKey);
    await admin(stack, 'POST', `/v1/tenants/${firm.id}/outcomes/nope/replay`, firm.adminKey);
    await admin(stack, 'GET', '/v1/tenants/demo/settings', firm.adminKey);
    await admin(stack, 'GET', '/v1/tenants/demo/settings', 'cck_demo.not-the-key');
    // A console signs in with the demo key, and a key that only names the firm is refused: both logged, neither key.
    const session = (adminKey: string) =>
      fetch(`${stack.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ adminKey }) });
    expect((await session(stack.demo.adminKey)).status).toBe(200);
    expect((await session('cck_demo.not-the-key')).status).toBe(401);
    // The demo firm connects RingCentral, Zoom and Vonage (each exchanged for a token, or kept, at once).
    expect((await admin(stack, 'PUT', '/v1/tenants/demo/providers/ringcentral/connection', stack.demo.adminKey, RINGCENTRAL_APP)).status).toBe(204);
    expect((await admin(stack, 'PUT', '/v1/tenants/demo/providers/zoom/connection', stack.demo.adminKey, ZOOM_APP)).status).toBe(204);
    expect(
      (
        await admin(stack, 'PUT', '/v1/tenants/demo/providers/vonage/connection', stack.demo.adminKey, {
          applicationId: VONAGE_APP.applicationId,
          privateKey: VONAGE_APP.privateKey,
        })
      ).status,
    ).toBe(204);

    // Act: every provider's signed callback (and refused ones), then a call meeting a Clio 401, then one meeting a 429
    for (const [provider, fixture] of Object.entries(MESSAGE_FIXTURES) as [FixtureProvider, string][]) {
      const request = signAs(stack, provider, fresh(providerFixture(provider, fixture)));
      rememberSignature(provider, request);
      expect((await postSigned(stack, provider, request)).ok).toBe(true);
      // Vonage retries an unsigned callback answered 429, so that it comes again signed.
      expect((await postSigned(stack, provider, unsigned(provider, fresh(providerFixture(provider, fixture))))).status).toBe(provider === 'vonage' ? 429 : 401);
    }
    const body = JSON.stringify({
      providerEventId: `vm-${randomUUID()}`,
      providerResourceId: 'vm-1',
      kind: 'voicemail',
      direction: 'inbound',
      external: { raw: '(415) 555-0100' },
      firm: {},
      occurredAt: new Date().toISOString(),
      status: 'voicemail',
      transcript: 'Call me back',
    });
    const signedGeneric = sign('generic', stack.demo.webhookSecret, { url: `${stack.url}/v1/tenants/demo/webhooks/generic`, body });
    secrets.set('webhook-signature', (signedGeneric.headers['webhook-signature'] ?? '').slice(3));
    const generic = await deliver(signedGeneric);
    expect(generic.status).toBe(202);
    await fault({ method: 'POST', path: '/api/v4/communications.json', status: 401, times: 1 });
    const afterUnauthorized = await sendTwilioCall();
    await waitForOutcome(stack, 'demo', afterUnauthorized, 30_000);
    await fault({ method: 'POST', path: '/api/v4/communications.json', status: 429, times: 1, retryAfterSeconds: 1 });
    const afterRateLimit = await sendTwilioCall();
    const outcome = await waitForOutcome(stack, 'demo', afterRateLimit, 30_000);
    await waitForOutcome(stack, 'demo', `generic:${(JSON.parse(body) as { providerEventId: string }).providerEventId}`);
    // An SMS a user sent, read from RingCentral's message store after its access token stopped working (a renewal).
    const ids = flowIds();
    const flow = loadFlow<Record<string, unknown>>('ringcentral', 'flow-outbound-sms', ids, `${stack.url}/v1/tenants/demo/webhooks/ringcentral`);
    const sent = flow as typeof flow & { store: RingCentralMessage };
    ringcentral.addMessage('62991001', sent.store);
    ringcentral.expireAccessTokens();
    for (const callback of sent.callbacks) expect((await postSigned(stack, 'ringcentral', signAs(stack, 'ringcentral', callback))).ok).toBe(true);
    expect(await waitForOutcome(stack, 'demo', `ringcentral:message:${ids.NUM_A}`, 30_000)).toMatchObject({ status: 'logged' });

    // Assess
    const demo = stack.demo;
    const named: [string, string][] = [
      ['Twilio auth token', demo.twilioAuthToken],
      ['RingCentral token', demo.ringcentralToken],
      ['Zoom secret', demo.zoomSecret],
      ['Dialpad secret', demo.dialpadSecret],
      ['Vonage secret', demo.vonageSecret],
      ['whsec secret', demo.webhookSecret],
      ['whsec key', demo.webhookSecret.replace(/^whsec_/, '')],
      ['Telnyx private key', DEMO_TELNYX_PRIVATE_KEY_PEM.split('\n')[1] ?? ''],
      ['demo admin key', demo.adminKey],
      ['refused admin key', 'cck_demo.not-the-key'],
      ['operator key', demo.operatorKey],
      ['Clio app secret', clioAppFromEnv({}).clientSecret],
      ...simState(stack).tokens.flatMap((t, i): [string, string][] => [
        [`Clio access token #${i}`, t.access_token],
        [`Clio refresh token #${i}`, t.refresh_token],
      ]),
      ['RingCentral client secret', RINGCENTRAL_APP.clientSecret],
      ['RingCentral JWT', RINGCENTRAL_APP.jwt],
      ['RingCentral JWT signature', RINGCENTRAL_APP.jwt.split('.')[2] ?? ''],
      ...ringcentral.requests
        .filter((r) => r.method === 'POST' && r.authorized)
        .flatMap((_r, i): [string, string][] => [
          [`RingCentral access token #${i + 1}`, `rc-access-${i + 1}`],
          [`RingCentral refresh token #${i + 1}`, `rc-refresh-${i + 1}`],
        ]),
      ['Zoom client secret', ZOOM_APP.clientSecret],
      ...zoom.requests
        .filter((r) => r.method === 'POST' && r.authorized)
        .map((_r, i): [string, string] => [`Zoom access token #${i + 1}`, `zoom-access-${i + 1}`]),
      ['Vonage private key', VONAGE_APP.privateKey.split('\n')[1] ?? ''],
      ...secrets,
    ];
    const requests = simState(stack)
      .requests.filter((r) => r.path === '/api/v4/communications.json' && r.method === 'POST')
      .map((r) => r.status);
    expect(requests).toEqual(expect.arrayContaining([401, 429]));
    expect(ringcentral.requests.filter((r) => r.method === 'POST' && r.grant === 'refresh_token' && r.authorized)).toHaveLength(1);
    expect(outcome.status).toBe('logged');
    expect(output.lines.some((line) => line.includes('"level":"DEBUG"') && line.includes('capture check'))).toBe(true);
    expect(output.lines.some((line) => line.includes('Event processed'))).toBe(true);
    expect(output.lines.some((line) => line.includes('Console signed in') && line.includes('"tenantId":"demo"'))).toBe(true);
    expect(output.lines.some((line) => line.includes('Console sign-in refused') && line.includes('"namedFirm":"demo"'))).toBe(true);
    const leaks = named
      .filter(([, value]) => value.length >= 6)
      .flatMap(([name, value]) =>
        output.lines.filter((line) => line.includes(value)).map((line) => `${name}: ${line.replace(value, '«secret»').slice(0, 300)}`),
      );
    expect(leaks).toEqual([]);
  }, 90_000);
});
