import { SAMPLE_RECORDING_WAV } from '../../local/media-server.js';
import type { LocalStack } from '../../local/stack.js';
import {
  ARRIVAL_ORDERS,
  BETH,
  TELLING_TIMEOUT_MS,
  flowChecker,
  flowIds,
  loadFlow,
  sendSigned,
  startFlowStack,
  type Flow,
  type FlowIds,
} from '../support/call-flows.js';
import { pdfOf } from '../support/events.js';
import { addTenant, simState, waitForOutcome } from '../support/local-stack.js';
import { startRingCentralApiFake, type RingCentralMessage } from '../support/ringcentral-api-fake.js';

const APP = { clientId: 'rc-app-client-id', clientSecret: 'rc-app-client-secret', jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI2Mjk5MTAwMSJ9.c2lnbmF0dXJl' };
const ALICE = '62991001';
const BETH_EXTENSION = '62991002';
const orders = Object.keys(ARRIVAL_ORDERS) as (keyof typeof ARRIVAL_ORDERS)[];

const RINGCENTRAL_FLOWS: readonly Flow[] = [
  {
    name: 'flow-missed-via-queue',
    eventId: (ids) => `ringcentral:call:s-${ids.RUN}`,
    truth: { kind: 'call', direction: 'inbound', status: 'missed', subject: /^Missed call from Jane Smith/, userId: 345 },
  },
  {
    name: 'flow-answered-forwarded-to-cell',
    eventId: (ids) => `ringcentral:call:s-${ids.RUN}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 95, userId: 345 },
  },
  {
    name: 'flow-queue-answered',
    eventId: (ids) => `ringcentral:call:s-${ids.RUN}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 120, userId: BETH },
  },
  {
    name: 'flow-voicemail',
    eventId: (ids) => `ringcentral:voicemail:${ids.NUM_A}`,
    truth: {
      kind: 'voicemail',
      direction: 'inbound',
      status: 'voicemail',
      subject: /^Voicemail from Jane Smith/,
      userId: 345,
      body: /Recording: https:\/\/platform\.ringcentral\.com\/restapi\/v1\.0\/account\/37439510\/extension\/62991001\/message-store\/\d+\/content\//,
    },
  },
  {
    name: 'flow-recorded-call',
    eventId: (ids) => `ringcentral:call:s-${ids.RUN}`,
    truth: {
      kind: 'call',
      direction: 'outbound',
      status: 'completed',
      subject: /^Outbound call to Jane Smith/,
      talkSeconds: 80,
      userId: 345,
      body: /Recording: https:\/\/media\.ringcentral\.com\/restapi\/v1\.0\/account\/37439510\/recording\/\d+\/content/,
    },
  },
  {
    name: 'flow-inbound-sms',
    eventId: (ids) => `ringcentral:message:${ids.NUM_A}`,
    truth: {
      kind: 'sms',
      direction: 'inbound',
      status: 'received',
      subject: /^SMS from Jane Smith/,
      userId: 345,
      body: /Can we move our meeting to Thursday\?/,
    },
  },
  {
    name: 'flow-outbound-sms',
    eventId: (ids) => `ringcentral:message:${ids.NUM_A}`,
    truth: {
      kind: 'sms',
      direction: 'outbound',
      status: /^(sent|delivered)$/,
      subject: /^SMS to Jane Smith/,
      userId: 345,
      body: /See you at the courthouse at 3pm\./,
    },
  },
  {
    name: 'flow-inbound-fax',
    eventId: (ids) => `ringcentral:fax:${ids.NUM_A}`,
    truth: { kind: 'fax', direction: 'inbound', status: 'received', subject: /^Fax from Jane Smith/, userId: 345 },
  },
];

type Fixture = Record<string, unknown>;

describe('RingCentral: one truthful log per real call, told in any order', () => {
  let stack: LocalStack;
  let api: Awaited<ReturnType<typeof startRingCentralApiFake>>;
  const admin = (path: string, body: unknown) =>
    fetch(`${stack.url}/v1/tenants/demo${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.demo.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** The flow with this telling's ids, its attachments on the fake API, and the message-store record it names. */
  const load = (name: string, ids: FlowIds) => {
    const flow = loadFlow<Fixture>('ringcentral', name, ids, `${stack.url}/v1/tenants/demo/webhooks/ringcentral`);
    const filled = JSON.parse(JSON.stringify(flow).replaceAll('{RC_API}', api.url)) as typeof flow & { store?: RingCentralMessage };
    if (filled.store) api.addMessage(ALICE, filled.store);
    api.addContent(ids.NUM_B, pdfOf(2048), 'application/pdf');
    return filled;
  };
  const post = (callbacks: readonly Fixture[], tenantId = 'demo') => sendSigned(stack, 'ringcentral', callbacks, tenantId);

  beforeAll(async () => {
    api = await startRingCentralApiFake(APP);
    stack = await startFlowStack([BETH_EXTENSION], { ringcentralApiBaseUrl: api.url });
    expect((await admin('/providers/ringcentral/connection', APP)).status).toBe(204);
  });
  afterAll(async () => {
    await stack.stop();
    await api.stop();
  });

  const { tell, expectTruth } = flowChecker(() => stack);

  describe.each(RINGCENTRAL_FLOWS)('$name', ({ name, eventId, truth }) => {
    it.each(orders)(
      '%s: one truthful log',
      async (order) => {
        // Prepare
        const ids = flowIds();
        const callbacks = ARRIVAL_ORDERS[order](load(name, ids).callbacks);
        // Act
        const { outcome, written } = await tell(post(callbacks), eventId(ids));
        // Assess
        expectTruth(outcome, written, truth);
      },
      TELLING_TIMEOUT_MS,
    );
  });

  it(
    "files the fax PDF in Clio, fetched from the message store with the connection's Bearer token",
    async () => {
      // Prepare
      const ids = flowIds();
      const flow = load('flow-inbound-fax', ids);
      // Act
      const { outcome } = await tell(post(flow.callbacks), `ringcentral:fax:${ids.NUM_A}`);
      // Assess
      expect(outcome.trace).toContainEqual({ step: 'fax_media', decision: 'downloaded', detail: { bytes: 2048 } });
      expect(simState(stack).documents.find((d) => d.id === outcome.clio.documentId)).toBeDefined();
      expect(api.requests.filter((r) => r.path.endsWith(`/content/${ids.NUM_B}`))).toEqual([expect.objectContaining({ authorized: true })]);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'keeps the session that went to voicemail as a skipped event, not a second log',
    async () => {
      // Prepare
      const ids = flowIds();
      // Act
      await tell(post(load('flow-voicemail', ids).callbacks), `ringcentral:voicemail:${ids.NUM_A}`);
      const session = await waitForOutcome(stack, 'demo', `ringcentral:call:s-${ids.RUN}`);
      // Assess
      expect(session).toMatchObject({ status: 'skipped', reason: 'logged_by_its_message' });
      expect(session.clio.communicationId).toBeUndefined();
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'renews an access token RingCentral no longer accepts before reading the message store',
    async () => {
      // Prepare
      const ids = flowIds();
      const flow = load('flow-outbound-sms', ids);
      api.expireAccessTokens();
      const start = api.requests.length;
      // Act
      const { outcome, written } = await tell(post(flow.callbacks), `ringcentral:message:${ids.NUM_A}`);
      // Assess
      expectTruth(outcome, written, { kind: 'sms', direction: 'outbound', status: 'delivered', subject: /^SMS to Jane Smith/, userId: 345 });
      expect(api.requests.slice(start).filter((r) => r.method === 'POST' && r.authorized)).toHaveLength(1);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    "retries an SMS known only by its id while RingCentral's message store is down, and logs it once it answers",
    async () => {
      // Prepare
      const ids = flowIds();
      const flow = load('flow-outbound-sms', ids);
      api.failReads(503, 429);
      // Act
      const { outcome, written } = await tell(post(flow.callbacks), `ringcentral:message:${ids.NUM_A}`);
      // Assess
      expectTruth(outcome, written, { kind: 'sms', direction: 'outbound', status: 'delivered', subject: /^SMS to Jane Smith/, userId: 345 });
      expect(outcome.trace).not.toContainEqual(expect.objectContaining({ step: 'message_text', decision: 'unavailable' }));
    },
    TELLING_TIMEOUT_MS,
  );

  it('skips an SMS it cannot read without a RingCentral connection, and says why in the trace', async () => {
    // Prepare: a firm with RingCentral's webhooks but no connection
    await addTenant(stack, 'no-rc-connection', {});
    await stack.adapters.secrets.putProviderSecret('no-rc-connection', 'ringcentral', stack.demo.ringcentralToken);
    const ids = flowIds();
    const flow = load('flow-outbound-sms', ids);
    // Act
    for (const answer of await post(flow.callbacks, 'no-rc-connection')()) expect(answer.status).toBe(200);
    const outcome = await waitForOutcome(stack, 'no-rc-connection', `ringcentral:message:${ids.NUM_A}`);
    // Assess
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'message_unreadable' });
    expect(outcome.trace).toContainEqual({ step: 'message_text', decision: 'unavailable', detail: { why: 'The tenant has no RingCentral connection' } });
  });

  it.each([
    ['a field missing', { clientId: APP.clientId, clientSecret: APP.clientSecret }, 400, 'invalid_ringcentral_connection'],
    ['a JWT that is not one', { ...APP, jwt: 'not-a-jwt' }, 400, 'invalid_ringcentral_connection'],
    ['an unknown field', { ...APP, extra: 1 }, 400, 'invalid_ringcentral_connection'],
    ['credentials RingCentral refuses', { ...APP, jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvdGhlciJ9.c2ln' }, 422, 'ringcentral_auth_failed'],
  ])('refuses a connection with %s, keeping the one it has', async (_what, body, status, code) => {
    // Act
    const response = await admin('/providers/ringcentral/connection', body);
    // Assess
    expect({ status: response.status, body: await response.json() }).toMatchObject({ status, body: { error: { code } } });
    expect(await stack.adapters.secrets.providerConnection('demo', 'ringcentral', { fresh: true })).toMatchObject({ jwt: APP.jwt });
  });

  it('never answers a connection with its tokens', async () => {
    const response = await admin('/providers/ringcentral/connection', APP);
    expect({ status: response.status, body: await response.text() }).toEqual({ status: 204, body: '' });
  });

  it.each(['documented', 'reversed, each twice'] as const)(
    "files a voicemail's audio, fetched from the message store with the connection, when the firm files recordings (%s)",
    async (order) => {
      // Prepare: the voicemail's attachment is served by RingCentral's API only, with the Bearer token
      const ids = flowIds();
      const flow = load('flow-voicemail', ids);
      const callbacks = JSON.parse(JSON.stringify(ARRIVAL_ORDERS[order](flow.callbacks)).replaceAll('https://platform.ringcentral.com', api.url)) as Fixture[];
      api.addContent(ids.NUM_B, SAMPLE_RECORDING_WAV, 'audio/x-wav');
      const settings = (attachRecordings: boolean) =>
        fetch(`${stack.url}/v1/tenants/demo/settings`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${stack.demo.adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ attachRecordings }),
        });
      expect((await settings(true)).status).toBe(200);
      try {
        // Act
        const { outcome, written } = await tell(post(callbacks), `ringcentral:voicemail:${ids.NUM_A}`);
        // Assess
        expectTruth(outcome, written, { kind: 'voicemail', direction: 'inbound', status: 'voicemail', subject: /^Voicemail from Jane Smith/, userId: 345 });
        expect(stack.clioSim?.documentContent(outcome.clio.documentId ?? -1)).toEqual(SAMPLE_RECORDING_WAV);
        expect(written[0]?.body).toMatch(/^Document: Voicemail - Jane Smith .*\.wav \(Clio document \d+\)$/m);
        expect(api.requests.filter((r) => r.path.endsWith(`/content/${ids.NUM_B}`))).toEqual([expect.objectContaining({ authorized: true })]);
      } finally {
        expect((await settings(false)).status).toBe(200);
      }
    },
    TELLING_TIMEOUT_MS,
  );
});
