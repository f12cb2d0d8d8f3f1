import { SAMPLE_RECORDING_WAV, startMediaServer } from '../../local/media-server.js';
import { deliver, sign, twilioForm } from '../../local/signers/index.js';
import type { LocalStack } from '../../local/stack.js';
import { admin } from '../support/admin.js';
import { ARRIVAL_ORDERS, FLOW_SETTLE_SECONDS, TELLING_TIMEOUT_MS, flowChecker, flowIds, loadFlow, sendSigned, type FlowIds } from '../support/call-flows.js';
import { simState, startTestStack, waitForOutcome } from '../support/local-stack.js';
import { startTwilioApiFake } from '../support/twilio-api-fake.js';

const TWILIO_TOKEN = 'recordings-twilio-token';
const ACCOUNT = flowIds().ACCOUNT;

/** Telnyx callbacks whose recording links point at the local media server (a presigned link: no credentials). */
const telnyxFlow = (stack: LocalStack, name: string, ids: FlowIds, recordingUrl: string): unknown[] =>
  loadFlow<unknown>('telnyx', name, ids, `${stack.url}/v1/tenants/demo/webhooks/telnyx`).callbacks.map(
    (callback) => JSON.parse(JSON.stringify(callback).replaceAll(/https:\/\/s3\.amazonaws\.com\/telephony-recorder-prod\/[^"]+/g, recordingUrl)) as unknown,
  );

describe('recordings filed in Clio (attachRecordings)', () => {
  let stack: LocalStack;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  let twilioApi: Awaited<ReturnType<typeof startTwilioApiFake>>;
  const { tell, expectTruth } = flowChecker(() => stack);
  const send = (callbacks: readonly unknown[]) => sendSigned(stack, 'telnyx', callbacks);

  beforeAll(async () => {
    media = await startMediaServer({
      '/recordings/voicemail.wav': { body: SAMPLE_RECORDING_WAV, contentType: 'audio/wav' },
      '/recordings/call.wav': { body: SAMPLE_RECORDING_WAV, contentType: 'audio/wav' },
      '/recordings/login-page.mp3': { body: Buffer.from('<html><body>Please sign in</body></html>'), contentType: 'audio/mpeg' },
    });
    twilioApi = await startTwilioApiFake({ [ACCOUNT]: TWILIO_TOKEN });
    // Calls settle as the flow suites' do: every callback of a telling arrives before the call it describes is logged.
    stack = await startTestStack({ trustedMediaOrigins: [media.url, twilioApi.url], twilioApiBaseUrl: twilioApi.url, callSettleSeconds: FLOW_SETTLE_SECONDS });
    await stack.adapters.secrets.putProviderSecret('demo', 'twilio', TWILIO_TOKEN);
    const patched = await admin(stack, 'PATCH', '/v1/tenants/demo/settings', stack.demo.adminKey, { attachRecordings: true });
    expect(patched).toMatchObject({ status: 200, body: { attachRecordings: true } });
  });
  afterAll(async () => {
    await stack.stop();
    await media.stop();
    await twilioApi.stop();
  });

  it.each(Object.keys(ARRIVAL_ORDERS) as (keyof typeof ARRIVAL_ORDERS)[])(
    "files a voicemail's audio under the matter once, linked from its one log (%s)",
    async (order) => {
      // Prepare
      const ids = flowIds();
      const callbacks = ARRIVAL_ORDERS[order](telnyxFlow(stack, 'flow-voicemail', ids, `${media.url}/recordings/voicemail.wav`));
      const before = simState(stack).documents.length;
      // Act
      const { outcome, written } = await tell(send(callbacks), `telnyx:call:${ids.SESSION}`);
      // Assess
      expectTruth(outcome, written, { kind: 'voicemail', direction: 'inbound', status: 'voicemail', subject: /^Voicemail from Jane Smith/, userId: 345 });
      const documentId = outcome.clio.documentId ?? -1;
      expect(stack.clioSim?.documentContent(documentId)).toEqual(SAMPLE_RECORDING_WAV);
      const document = simState(stack).documents.find((d) => d.id === documentId);
      expect(document).toMatchObject({ name: 'Voicemail - Jane Smith (+1 415-555-0100) - 2026-11-30.wav' });
      expect(simState(stack).folders.find((f) => f.id === document?.parent.id)).toMatchObject({ matter: { id: 902 } });
      expect(written[0]?.body).toContain(`Document: ${document?.name ?? ''} (Clio document ${documentId})`);
      expect(simState(stack).documents).toHaveLength(before + 1);
      expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'recording_document', decision: 'uploaded' }));
    },
    TELLING_TIMEOUT_MS,
  );

  it.each(['documented', 'reversed, each twice'] as const)(
    "files a Twilio voicemail kept behind HTTP auth, fetched with the tenant's auth token (%s)",
    async (order) => {
      // Prepare: the account enforces HTTP auth on media; the recording is served by Twilio's API only
      const ids = flowIds();
      const webhook = `${stack.url}/v1/tenants/demo/webhooks/twilio`;
      twilioApi.addRecording(ACCOUNT, ids.REC, SAMPLE_RECORDING_WAV);
      const flow = loadFlow<{ params: Record<string, string> }>('twilio', 'flow-voicemail-after-dial', ids, webhook);
      const callbacks = ARRIVAL_ORDERS[order](flow.callbacks).map(({ params }) =>
        Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.replace('https://api.twilio.com', twilioApi.url)])),
      );
      // Act
      const { outcome, written } = await tell(async () => {
        const answers: Response[] = [];
        for (const params of callbacks) answers.push(await deliver(sign('twilio', TWILIO_TOKEN, { url: webhook, body: twilioForm(params) })));
        return answers;
      }, `twilio:call:${ids.CALL}`);
      // Assess
      expectTruth(outcome, written, { kind: 'voicemail', direction: 'inbound', status: 'voicemail', subject: /^Voicemail from Jane Smith/, userId: 345 });
      expect(stack.clioSim?.documentContent(outcome.clio.documentId ?? -1)).toEqual(SAMPLE_RECORDING_WAV);
      const fetched = twilioApi.requests.filter((r) => r.path.includes(ids.REC));
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.every((r) => r.authorized)).toBe(true);
    },
    TELLING_TIMEOUT_MS,
  );

  it.each(['documented', 'interleaved duplicates'] as const)(
    "files a Dialpad call's recording from the link Dialpad gives (%s)",
    async (order) => {
      // Prepare: Dialpad's recording link, served here as a link that needs no login
      const ids = flowIds();
      const callbacks = ARRIVAL_ORDERS[order](
        loadFlow<unknown>('dialpad', 'flow-recorded-outbound', ids, `${stack.url}/v1/tenants/demo/webhooks/dialpad`).callbacks,
      ).map(
        (callback) =>
          JSON.parse(
            JSON.stringify(callback).replaceAll('https://dialpad.com/r/recording/5121597331439616.mp3', `${media.url}/recordings/call.wav`),
          ) as unknown,
      );
      // Act
      const { outcome, written } = await tell(sendSigned(stack, 'dialpad', callbacks), `dialpad:call:${ids.NUM_A}`);
      // Assess
      expectTruth(outcome, written, {
        kind: 'call',
        direction: 'outbound',
        status: 'completed',
        subject: /^Outbound call to Jane Smith/,
        talkSeconds: 80,
        userId: 345,
      });
      expect(stack.clioSim?.documentContent(outcome.clio.documentId ?? -1)).toEqual(SAMPLE_RECORDING_WAV);
      expect(written[0]?.body).toMatch(/^Document: Call recording - Jane Smith .*\.wav \(Clio document \d+\)$/m);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'files a recording that arrives after its call was logged, and links it from that log',
    async () => {
      // Prepare: an answered call, logged before its recording is saved
      const ids = flowIds();
      const flow = telnyxFlow(stack, 'flow-bridged', ids, `${media.url}/recordings/call.wav`);
      const { outcome: call } = await tell(send(flow), `telnyx:call:${ids.SESSION}`);
      const saved = {
        data: {
          record_type: 'event',
          event_type: 'call.recording.saved',
          id: `${ids.RUN}-late-recording`,
          occurred_at: '2026-11-30T15:06:00.000000Z',
          payload: {
            call_leg_id: ids.LEG_A,
            call_session_id: ids.SESSION,
            recording_started_at: '2026-11-30T15:03:15.000000Z',
            recording_ended_at: '2026-11-30T15:04:50.000000Z',
            recording_urls: { mp3: `${media.url}/recordings/call.wav`, wav: null },
          },
        },
        meta: { attempt: 1 },
      };
      // Act: Telnyx delivers the recording twice
      await send([saved, saved])();
      const late = await waitForOutcome(stack, 'demo', `telnyx:recording:${ids.RUN}-late-recording`);
      // Assess
      expect(late).toMatchObject({ status: 'logged', clio: { communicationId: call.clio.communicationId, matterId: 902 } });
      expect(stack.clioSim?.documentContent(late.clio.documentId ?? -1)).toEqual(SAMPLE_RECORDING_WAV);
      const body = simState(stack).communications.find((c) => c.id === call.clio.communicationId)?.body ?? '';
      expect(body).toContain(`Document: Call recording - Jane Smith (+1 415-555-0100) - 2026-11-30.wav (Clio document ${late.clio.documentId ?? -1})`);
      expect(body.match(/^Document: /gm)).toHaveLength(1);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'logs the call with the link alone when the recording is not audio, and says why',
    async () => {
      // Prepare
      const ids = flowIds();
      const callbacks = telnyxFlow(stack, 'flow-voicemail', ids, `${media.url}/recordings/login-page.mp3`);
      const before = simState(stack).documents.length;
      // Act
      const { outcome, written } = await tell(send(callbacks), `telnyx:call:${ids.SESSION}`);
      // Assess
      expect(outcome).toMatchObject({ status: 'logged', kind: 'voicemail' });
      expect(outcome.clio.documentId).toBeUndefined();
      expect(outcome.trace).toContainEqual({ step: 'recording_document', decision: 'not_audio', detail: { bytes: 40 } });
      expect(written[0]?.body).toContain(`Recording: ${media.url}/recordings/login-page.mp3`);
      expect(simState(stack).documents).toHaveLength(before);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'logs the call with the link alone when the recording link has expired',
    async () => {
      // Prepare: the media server answers 403 for anything it does not serve, as an expired S3 link does
      const ids = flowIds();
      const callbacks = telnyxFlow(stack, 'flow-voicemail', ids, `${media.url}/recordings/expired.wav`);
      // Act
      const { outcome } = await tell(send(callbacks), `telnyx:call:${ids.SESSION}`);
      // Assess
      expect(outcome).toMatchObject({ status: 'logged', kind: 'voicemail' });
      expect(outcome.trace).toContainEqual(
        expect.objectContaining({
          step: 'recording_document',
          decision: 'unavailable',
          detail: expect.objectContaining({ why: 'media_unavailable' }) as unknown,
        }),
      );
    },
    TELLING_TIMEOUT_MS,
  );
});
