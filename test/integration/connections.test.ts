import { generateKeyPairSync } from 'node:crypto';
import { SAMPLE_RECORDING_WAV } from '../../local/media-server.js';
import type { LocalStack } from '../../local/stack.js';
import { admin } from '../support/admin.js';
import { ARRIVAL_ORDERS, FLOW_SETTLE_SECONDS, TELLING_TIMEOUT_MS, flowChecker, flowIds, loadFlow, outcomeWaitMs, type FlowIds } from '../support/call-flows.js';
import { addTenant, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';
import { postSigned, signAs } from '../support/provider-signing.js';
import { aVonageApp, startVonageFilesFake } from '../support/vonage-files-fake.js';
import { startZoomApiFake } from '../support/zoom-api-fake.js';

const ZOOM_APP = { accountId: 'D8cJuqWVQ623CI4Q8yQK0Q', clientId: 'zoomClientId0001', clientSecret: 'zoomClientSecret00000000000001' };
const VONAGE_APP = aVonageApp();
const VONAGE_CONNECTION = { applicationId: VONAGE_APP.applicationId, privateKey: VONAGE_APP.privateKey };
const orders = ['documented', 'reversed, each twice'] as const;

/** Every line written to stdout/stderr while `act` runs (the stack runs in this process). */
const output = async (act: () => Promise<void>): Promise<string> => {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const writes = streams.map((stream) => stream.write.bind(stream));
  for (const stream of streams) {
    stream.write = (chunk: string | Uint8Array): boolean => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  }
  try {
    await act();
  } finally {
    streams.forEach((stream, i) => {
      if (writes[i]) stream.write = writes[i];
    });
  }
  return lines.join('\n');
};

describe("provider connections: recordings and voicemails behind a provider's login, filed in Clio", () => {
  let stack: LocalStack;
  let zoom: Awaited<ReturnType<typeof startZoomApiFake>>;
  let vonage: Awaited<ReturnType<typeof startVonageFilesFake>>;
  const { tell } = flowChecker(() => stack);
  const put = (path: string, body: unknown, tenantId = 'demo') =>
    fetch(`${stack.url}/v1/tenants/${tenantId}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.demo.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const post =
    (provider: 'zoom' | 'vonage', callbacks: readonly unknown[], tenantId = 'demo') =>
    async () => {
      const answers: Response[] = [];
      for (const callback of callbacks) answers.push(await postSigned(stack, provider, signAs(stack, provider, callback), tenantId));
      return answers;
    };
  /** A flow whose links point at the fake instead of the provider's host. */
  const flowAt = (provider: 'zoom' | 'vonage', name: string, ids: FlowIds, host: string, fake: string): unknown[] =>
    loadFlow<unknown>(provider, name, ids, `${stack.url}/v1/tenants/demo/webhooks/${provider}`).callbacks.map(
      (callback) => JSON.parse(JSON.stringify(callback).replaceAll(host, fake)) as unknown,
    );
  const zoomVoicemail = (ids: FlowIds) => flowAt('zoom', 'flow-voicemail', ids, 'https://zoom.us', zoom.url);
  const vonageVoicemail = (ids: FlowIds) => flowAt('vonage', 'flow-voicemail', ids, 'https://api-us.nexmo.com', vonage.url);

  beforeAll(async () => {
    zoom = await startZoomApiFake(ZOOM_APP);
    vonage = await startVonageFilesFake(VONAGE_APP);
    // Calls settle as the flow suites' do: every callback of a telling arrives before the call it describes is logged.
    stack = await startTestStack({ zoomApiBaseUrl: zoom.url, vonageApiBaseUrl: vonage.url, callSettleSeconds: FLOW_SETTLE_SECONDS });
    expect(await admin(stack, 'PATCH', '/v1/tenants/demo/settings', stack.demo.adminKey, { attachRecordings: true })).toMatchObject({
      status: 200,
      body: { attachRecordings: true },
    });
    expect((await put('/providers/zoom/connection', ZOOM_APP)).status).toBe(204);
    expect((await put('/providers/vonage/connection', VONAGE_CONNECTION)).status).toBe(204);
  });
  afterAll(async () => {
    await stack.stop();
    await zoom.stop();
    await vonage.stop();
  });
  beforeEach(() => zoom.failTokens(undefined));

  describe('Zoom (Server-to-Server OAuth)', () => {
    it.each(orders)(
      "files a voicemail's audio, downloaded with the connection's token (%s)",
      async (order) => {
        // Prepare: the voicemail's download_url is served by the fake with a token it issued only
        const ids = flowIds();
        zoom.addFile(ids.UUID_B, SAMPLE_RECORDING_WAV, 'audio/mpeg');
        const documents = simState(stack).documents.length;
        // Act
        const { outcome, written } = await tell(post('zoom', ARRIVAL_ORDERS[order](zoomVoicemail(ids))), `zoom:call:${ids.NUM_A}`);
        const amendment = await waitForOutcome(stack, 'demo', `zoom:voicemail:${ids.UUID_B}`, outcomeWaitMs(stack));
        // Assess: filed once, with the call; the voicemail's own amendment found it there and added nothing
        expect(outcome).toMatchObject({ status: 'logged', kind: 'voicemail' });
        expect(written).toHaveLength(1);
        expect(stack.clioSim?.documentContent(outcome.clio.documentId ?? -1)).toEqual(SAMPLE_RECORDING_WAV);
        expect(written[0]?.body.match(/^Document: .*$/gm)).toEqual([expect.stringMatching(/^Document: Voicemail - Jane Smith .*\.wav \(Clio document \d+\)$/)]);
        expect(simState(stack).documents).toHaveLength(documents + 1);
        expect(amendment.trace).toContainEqual(expect.objectContaining({ step: 'amends', decision: 'already_there' }));
        const downloads = zoom.requests.filter((r) => r.path.endsWith(`/voice_mails/download/${ids.UUID_B}`));
        expect(downloads.length).toBeGreaterThan(0);
        expect(downloads.every((r) => r.authorized)).toBe(true);
      },
      TELLING_TIMEOUT_MS,
    );

    it(
      'files a voicemail that arrives after its call was logged once, linked from that log, however often Zoom sends it',
      async () => {
        // Prepare: the call history (a message was left) is logged, its settle passed, before the voicemail callback comes
        const ids = flowIds();
        zoom.addFile(ids.UUID_B, SAMPLE_RECORDING_WAV, 'audio/mpeg');
        const [history, voicemail] = zoomVoicemail(ids);
        const { outcome: call, written } = await tell(post('zoom', [history]), `zoom:call:${ids.NUM_A}`);
        expect(call).toMatchObject({ status: 'logged', kind: 'voicemail' });
        expect(written[0]?.body).not.toMatch(/^Recording: /m);
        const documents = simState(stack).documents.length;
        const body = () => simState(stack).communications.find((c) => c.id === call.clio.communicationId)?.body ?? '';
        // Act
        const { outcome: late } = await tell(post('zoom', [voicemail]), `zoom:voicemail:${ids.UUID_B}`);
        const once = body();
        const { written: replayed } = await tell(post('zoom', [voicemail]), `zoom:voicemail:${ids.UUID_B}`);
        // Assess
        expect(late).toMatchObject({ status: 'logged', clio: { communicationId: call.clio.communicationId } });
        expect(late.trace).toContainEqual(expect.objectContaining({ step: 'amends', decision: 'updated' }));
        expect(stack.clioSim?.documentContent(late.clio.documentId ?? -1)).toEqual(SAMPLE_RECORDING_WAV);
        expect(once.match(/^Recording: .*$/gm)).toEqual([`Recording: ${zoom.url}/v2/phone/voice_mails/download/${ids.UUID_B}`]);
        expect(once.match(/^Document: .*$/gm)).toEqual([
          `Document: Voicemail - Jane Smith (+1 415-555-0100) - 2026-11-30.wav (Clio document ${late.clio.documentId ?? -1})`,
        ]);
        expect(simState(stack).documents).toHaveLength(documents + 1);
        expect(replayed).toEqual([]);
        expect(body()).toBe(once);
      },
      TELLING_TIMEOUT_MS,
    );

    it(
      "files a call recording, downloaded with the connection's token",
      async () => {
        // Prepare
        const ids = flowIds();
        zoom.addFile(ids.UUID_C, SAMPLE_RECORDING_WAV, 'audio/mpeg');
        const callbacks = flowAt('zoom', 'flow-recorded-outgoing', ids, 'https://zoom.us', zoom.url);
        // Act
        await post('zoom', callbacks)();
        const recording = await waitForOutcome(stack, 'demo', `zoom:recording:${ids.UUID_C}`).catch(() => undefined);
        const call = await waitForOutcome(stack, 'demo', `zoom:call:${ids.NUM_A}`, outcomeWaitMs(stack));
        // Assess: the recording is filed with the call, or with the event that amends it
        const documentId = call.clio.documentId ?? recording?.clio.documentId ?? -1;
        expect(stack.clioSim?.documentContent(documentId)).toEqual(SAMPLE_RECORDING_WAV);
        expect(zoom.requests.filter((r) => r.path.endsWith(`/recording/download/${ids.UUID_C}`)).every((r) => r.authorized)).toBe(true);
      },
      TELLING_TIMEOUT_MS,
    );

    it(
      'logs the voicemail without its audio when the tenant has no Zoom connection, and says why',
      async () => {
        // Prepare: a firm with Zoom's webhooks and attachRecordings on, but no connection
        await addTenant(stack, 'no-zoom-connection', { attachRecordings: true });
        await stack.adapters.secrets.putProviderSecret('no-zoom-connection', 'zoom', stack.demo.zoomSecret);
        const ids = flowIds();
        zoom.addFile(ids.UUID_B, SAMPLE_RECORDING_WAV, 'audio/mpeg');
        // Act
        for (const answer of await post('zoom', zoomVoicemail(ids), 'no-zoom-connection')()) expect(answer.ok).toBe(true);
        const outcome = await waitForOutcome(stack, 'no-zoom-connection', `zoom:call:${ids.NUM_A}`, outcomeWaitMs(stack));
        // Assess
        expect(outcome).toMatchObject({ status: 'logged', kind: 'voicemail' });
        expect(outcome.clio.documentId).toBeUndefined();
        expect(outcome.trace).toContainEqual(
          expect.objectContaining({
            step: 'recording_document',
            decision: 'unavailable',
            detail: expect.objectContaining({ why: 'media_unavailable' }) as unknown,
          }),
        );
        expect(zoom.requests.filter((r) => r.path.endsWith(ids.UUID_B))).toEqual([expect.objectContaining({ authorized: false })]);
      },
      TELLING_TIMEOUT_MS,
    );

    it.each([
      ['a field missing', { accountId: ZOOM_APP.accountId, clientId: ZOOM_APP.clientId }, 400, 'invalid_zoom_connection'],
      ['an unknown field', { ...ZOOM_APP, extra: 1 }, 400, 'invalid_zoom_connection'],
      ['a value with spaces', { ...ZOOM_APP, clientId: 'not a client id' }, 400, 'invalid_zoom_connection'],
      ['credentials Zoom refuses', { ...ZOOM_APP, clientSecret: 'wrong-secret' }, 422, 'zoom_auth_failed'],
      ['an account the app is not in', { ...ZOOM_APP, accountId: 'AnotherAccount000000' }, 422, 'zoom_auth_failed'],
    ])('refuses a connection with %s, keeping the one it has', async (_what, body, status, code) => {
      // Act
      const response = await put('/providers/zoom/connection', body);
      // Assess
      expect({ status: response.status, body: await response.json() }).toMatchObject({ status, body: { error: { code } } });
      expect(await stack.adapters.secrets.providerConnection('demo', 'zoom', { fresh: true })).toMatchObject(ZOOM_APP);
    });

    it('answers 502 when Zoom does not answer, keeping the connection it has', async () => {
      // Prepare
      zoom.failTokens(503);
      // Act
      const response = await put('/providers/zoom/connection', { ...ZOOM_APP, clientSecret: 'a-new-secret' });
      // Assess
      expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 502, body: { error: { code: 'zoom_unavailable' } } });
      expect(await stack.adapters.secrets.providerConnection('demo', 'zoom', { fresh: true })).toMatchObject(ZOOM_APP);
    });

    it("never answers with a connection's secret or token, nor prints one at the suite's log level", async () => {
      // Act
      let answer = { status: 0, body: '' };
      const printed = await output(async () => {
        const response = await put('/providers/zoom/connection', ZOOM_APP);
        answer = { status: response.status, body: await response.text() };
        await put('/providers/zoom/connection', { ...ZOOM_APP, clientSecret: 'refused-secret-0001' });
      });
      // Assess
      expect(answer).toEqual({ status: 204, body: '' });
      const { accessToken } = (await stack.adapters.secrets.providerConnection('demo', 'zoom', { fresh: true })) as { accessToken: string };
      for (const secret of [ZOOM_APP.clientSecret, 'refused-secret-0001', accessToken]) expect(printed).not.toContain(secret);
    });
  });

  describe('Vonage (application JWT)', () => {
    it.each(orders)(
      "files a voicemail's recording, downloaded with a JWT of the application (%s)",
      async (order) => {
        // Prepare: the recording_url is served by the fake with the application's JWT only
        const ids = flowIds();
        vonage.addFile(ids.UUID_D, SAMPLE_RECORDING_WAV, 'audio/mpeg');
        // Act
        const { outcome, written } = await tell(post('vonage', ARRIVAL_ORDERS[order](vonageVoicemail(ids))), `vonage:call:CON-${ids.UUID_A}`);
        // Assess
        expect(outcome).toMatchObject({ status: 'logged', kind: 'voicemail' });
        expect(written).toHaveLength(1);
        expect(stack.clioSim?.documentContent(outcome.clio.documentId ?? -1)).toEqual(SAMPLE_RECORDING_WAV);
        expect(written[0]?.body).toMatch(/^Document: Voicemail - Jane Smith .*\.wav \(Clio document \d+\)$/m);
        const downloads = vonage.requests.filter((r) => r.path === `/v1/files/${ids.UUID_D}`);
        expect(downloads.length).toBeGreaterThan(0);
        expect(downloads.every((r) => r.authorized && r.claims?.['application_id'] === VONAGE_APP.applicationId)).toBe(true);
      },
      TELLING_TIMEOUT_MS,
    );

    it(
      'logs the voicemail without its recording when the tenant has no Vonage connection, and says why',
      async () => {
        // Prepare
        await addTenant(stack, 'no-vonage-connection', { attachRecordings: true });
        await stack.adapters.secrets.putProviderSecret('no-vonage-connection', 'vonage', stack.demo.vonageSecret);
        const ids = flowIds();
        vonage.addFile(ids.UUID_D, SAMPLE_RECORDING_WAV, 'audio/mpeg');
        // Act
        for (const answer of await post('vonage', vonageVoicemail(ids), 'no-vonage-connection')()) expect(answer.ok).toBe(true);
        const outcome = await waitForOutcome(stack, 'no-vonage-connection', `vonage:call:CON-${ids.UUID_A}`, outcomeWaitMs(stack));
        // Assess
        expect(outcome).toMatchObject({ status: 'logged', kind: 'voicemail' });
        expect(outcome.clio.documentId).toBeUndefined();
        expect(outcome.trace).toContainEqual(
          expect.objectContaining({
            step: 'recording_document',
            decision: 'unavailable',
            detail: expect.objectContaining({ why: 'media_unavailable' }) as unknown,
          }),
        );
        expect(vonage.requests.filter((r) => r.path === `/v1/files/${ids.UUID_D}`)).toEqual([expect.objectContaining({ authorized: false })]);
      },
      TELLING_TIMEOUT_MS,
    );

    it.each([
      ['a field missing', { applicationId: VONAGE_APP.applicationId }],
      ['an unknown field', { ...VONAGE_CONNECTION, extra: 1 }],
      ['an application id that is not one', { ...VONAGE_CONNECTION, applicationId: 'my-app' }],
      ['a key that is not PEM', { ...VONAGE_CONNECTION, privateKey: 'c2VjcmV0' }],
      ['a truncated key', { ...VONAGE_CONNECTION, privateKey: VONAGE_APP.privateKey.slice(0, 300) }],
      [
        'an EC key',
        { ...VONAGE_CONNECTION, privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      ],
    ])('refuses a connection with %s, keeping the one it has', async (_what, body) => {
      // Act
      const response = await put('/providers/vonage/connection', body);
      // Assess
      expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 400, body: { error: { code: 'invalid_vonage_connection' } } });
      expect(await stack.adapters.secrets.providerConnection('demo', 'vonage', { fresh: true })).toMatchObject({
        applicationId: VONAGE_APP.applicationId,
        privateKey: VONAGE_APP.privateKey,
      });
    });

    it('accepts a key pasted with its line breaks written as \\n, and never answers with it nor prints it', async () => {
      // Act
      let answer = { status: 0, body: '' };
      const printed = await output(async () => {
        const response = await put('/providers/vonage/connection', { ...VONAGE_CONNECTION, privateKey: VONAGE_APP.privateKey.trim().replaceAll('\n', '\\n') });
        answer = { status: response.status, body: await response.text() };
      });
      // Assess
      expect(answer).toEqual({ status: 204, body: '' });
      expect(await stack.adapters.secrets.providerConnection('demo', 'vonage', { fresh: true })).toEqual(VONAGE_CONNECTION);
      expect(printed).not.toContain(VONAGE_APP.privateKey.split('\n')[1]);
    });
  });

  it(
    "keeps each tenant's connections to itself: another firm's recording gets no credentials",
    async () => {
      // Prepare: a firm with Vonage's webhooks whose recording link names a file of the demo firm's application
      await addTenant(stack, 'other-firm', { attachRecordings: true });
      await stack.adapters.secrets.putProviderSecret('other-firm', 'vonage', stack.demo.vonageSecret);
      const ids = flowIds();
      vonage.addFile(ids.UUID_D, SAMPLE_RECORDING_WAV, 'audio/mpeg');
      const before = simState(stack).documents.length;
      // Act
      await post('vonage', vonageVoicemail(ids), 'other-firm')();
      const outcome = await waitForOutcome(stack, 'other-firm', `vonage:call:CON-${ids.UUID_A}`, outcomeWaitMs(stack));
      // Assess
      expect(outcome.clio.documentId).toBeUndefined();
      expect(simState(stack).documents).toHaveLength(before);
    },
    TELLING_TIMEOUT_MS,
  );
});
