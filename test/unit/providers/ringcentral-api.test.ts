import { createHttpMediaFetcher } from '../../../shared/adapters/http/media-fetcher.adapter.js';
import { boundedText, ResponseTooLarge } from '../../../shared/adapters/providers/kit.js';
import { createRingCentralApi, type RingCentralConnection } from '../../../shared/adapters/providers/ringcentral/ringcentral.api.js';
import type { CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { RetryableError } from '../../../shared/domain/errors.js';
import { mergeSettings } from '../../../shared/domain/settings.js';
import { Trace } from '../../../shared/domain/outcome.js';
import type { MediaSource } from '../../../shared/ports/media-fetcher.js';
import type { SecretStore } from '../../../shared/ports/secret-store.js';
import { createEventCompletion } from '../../../shared/use-cases/complete-event.js';
import { anEvent, completionDeps, memorySecrets, pdfOf } from '../../support/events.js';
import { startRingCentralApiFake } from '../../support/ringcentral-api-fake.js';

const APP = { clientId: 'rc-app-client-id', clientSecret: 'rc-app-client-secret', jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI2Mjk5MTAwMSJ9.c2lnbmF0dXJl' };
const FIRM: MediaSource = { provider: 'ringcentral', tenantId: 'firm' };
const ALICE = '62991001';
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** An SMS a message-store change named by id only, as `assembleMessageChanges` makes it. */
const unreadSms = (messageId: string, extensionId = ALICE): CanonicalEvent =>
  anEvent({
    tenantId: 'firm',
    provider: 'ringcentral',
    kind: 'sms',
    direction: 'outbound',
    status: 'sent',
    providerEventId: `message:${messageId}`,
    providerResourceId: messageId,
    external: { raw: '' },
    firm: { userRef: extensionId },
    durationSeconds: undefined,
    skip: { reason: 'message_unreadable', why: 'not read from the RingCentral message store' },
  });

describe('RingCentral connection: tokens, message-store reads and media credentials', () => {
  let api: Awaited<ReturnType<typeof startRingCentralApiFake>>;
  let now: number;
  const clock = { now: () => new Date(now) };

  beforeAll(async () => {
    api = await startRingCentralApiFake(APP);
    api.addMessage(ALICE, {
      id: '7001',
      type: 'SMS',
      direction: 'Outbound',
      from: { phoneNumber: '+14155550199' },
      to: [{ phoneNumber: '+14155550100' }],
      subject: 'See you at 3pm.',
      messageStatus: 'Delivered',
      creationTime: '2026-03-02T15:00:00.000Z',
    });
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    now = Date.parse('2026-03-02T15:00:00Z');
  });

  /** The API against the fake, with the tenant connected. */
  const connected = async (secrets: SecretStore = memorySecrets()) => {
    const rc = createRingCentralApi({ secrets, clock, baseUrl: api.url, mediaBaseUrl: api.mediaUrl });
    expect(await rc.connect('firm', APP)).toBe('connected');
    return { rc, secrets };
  };
  /** The requests the fake saw from here on. */
  const from = (start: number) => api.requests.slice(start);

  it('presents the JWT again when another processor spent the refresh token', async () => {
    // Prepare: the access token has expired, and its refresh token was spent elsewhere
    const { rc, secrets } = await connected();
    const { refreshToken } = (await secrets.providerConnection('firm', 'ringcentral')) as RingCentralConnection;
    await fetch(`${api.url}/restapi/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${APP.clientId}:${APP.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken ?? '' }).toString(),
    });
    now += 3600_000;
    const start = api.requests.length;
    // Act
    const message = await rc.messages.find(unreadSms('7001'));
    // Assess
    expect(message).toMatchObject({ direction: 'outbound', status: 'delivered', text: 'See you at 3pm.' });
    expect(
      from(start)
        .filter((r) => r.method === 'POST')
        .map((r) => [r.grant, r.authorized]),
    ).toEqual([
      ['refresh_token', false],
      [JWT_GRANT, true],
    ]);
  });

  it('keeps a reconnection made while it renewed the old credentials, instead of overwriting it', async () => {
    // Prepare: the firm reconnects (another JWT, its own tokens) between the renewal's read and its save
    const store = memorySecrets();
    const reconnected = {
      ...APP,
      jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvdGhlciJ9.c2ln',
      accessToken: 'reconnected-access',
      expiresAt: '2026-03-09T15:00:00.000Z',
    };
    let freshReads = 0;
    const secrets: SecretStore = {
      ...store,
      async providerConnection(tenantId, provider, options) {
        const value = await store.providerConnection(tenantId, provider, options);
        if (options?.fresh && ++freshReads === 1) await store.putProviderConnection(tenantId, provider, reconnected);
        return value;
      },
    };
    const { rc } = await connected(secrets);
    now += 3600_000;
    // Act
    const header = await rc.media.authorization(new URL(`${api.mediaUrl}/restapi/v1.0/account/37439510/recording/1/content`), FIRM);
    // Assess
    expect(header).toBe('Bearer reconnected-access');
    expect(await store.providerConnection('firm', 'ringcentral', { fresh: true })).toEqual(reconnected);
  });

  it("fetches a fax served from the media origin with the tenant's token", async () => {
    // Prepare
    const { rc } = await connected();
    api.addContent('8002', pdfOf(1024), 'application/pdf');
    const media = createHttpMediaFetcher({ trustedOrigins: [api.url, api.mediaUrl], credentials: rc.media });
    const start = api.requests.length;
    // Act
    const fax = await media.fetch(`${api.mediaUrl}/restapi/v1.0/account/37439510/extension/${ALICE}/message-store/8001/content/8002`, FIRM);
    // Assess
    expect(fax.bytes.byteLength).toBe(1024);
    expect(from(start)).toEqual([expect.objectContaining({ origin: 'media', authorized: true })]);
  });

  it.each([
    ["a message's attachment on the API origin", 'https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/62991001/message-store/1/content/2'],
    ["a message's attachment on the media origin", 'https://media.ringcentral.com/restapi/v1.0/account/37439510/extension/62991001/message-store/1/content/2'],
    ['a call recording on the media origin', 'https://media.ringcentral.com/restapi/v1.0/account/~/recording/17960188012700173/content'],
  ])('lends the token for %s', async (_what, link) => {
    // Prepare: RingCentral's own origins, the tenant's token still good
    const secrets = memorySecrets({ connections: { 'firm/ringcentral': { ...APP, accessToken: 'rc-live', expiresAt: '2026-03-02T16:00:00.000Z' } } });
    const rc = createRingCentralApi({ secrets, clock, baseUrl: 'https://platform.ringcentral.com' });
    // Act
    const header = await rc.media.authorization(new URL(link), FIRM);
    // Assess
    expect(header).toBe('Bearer rc-live');
  });

  it.each([
    ['another host', 'https://evil.example/restapi/v1.0/account/1/recording/2/content'],
    ["a host that merely ends like RingCentral's", 'https://media.ringcentral.com.evil.example/restapi/v1.0/account/1/recording/2/content'],
    ['plain http', 'http://media.ringcentral.com/restapi/v1.0/account/1/recording/2/content'],
    ['another RingCentral host', 'https://service.ringcentral.com/restapi/v1.0/account/1/recording/2/content'],
    ['the token endpoint', 'https://platform.ringcentral.com/restapi/oauth/token'],
    ['a path outside the account', 'https://platform.ringcentral.com/restapi/v1.0/subscription'],
    ['a path that climbs out of the account', 'https://media.ringcentral.com/restapi/v1.0/account/../../oauth/revoke'],
  ])('lends nothing for %s', async (_what, link) => {
    // Prepare
    const secrets = memorySecrets({ connections: { 'firm/ringcentral': { ...APP, accessToken: 'rc-live', expiresAt: '2026-03-02T16:00:00.000Z' } } });
    const rc = createRingCentralApi({ secrets, clock, baseUrl: 'https://platform.ringcentral.com' });
    // Act
    const header = await rc.media.authorization(new URL(link), FIRM);
    // Assess
    expect(header).toBeUndefined();
  });

  it.each([
    ['an extension that is not digits', unreadSms('7001', '../../../oauth')],
    ['a message id that is not digits', unreadSms('7001/../../../../oauth/token')],
  ])('never builds a message-store URL from %s', async (_what, event) => {
    // Prepare
    const { rc } = await connected();
    const start = api.requests.length;
    // Act
    const read = rc.messages.find(event);
    // Assess
    await expect(read).rejects.toThrow('The message-store change named no extension and message id');
    expect(from(start)).toEqual([]);
  });

  it('refuses a message-store answer larger than a message record', async () => {
    // Prepare
    const { rc } = await connected();
    api.addMessage(ALICE, { id: '7002', type: 'SMS', direction: 'Outbound', subject: 'x'.repeat(300 * 1024), messageStatus: 'Sent' });
    // Act
    const read = rc.messages.find(unreadSms('7002'));
    // Assess
    await expect(read).rejects.toBeInstanceOf(ResponseTooLarge);
  });

  it.each([[503], [429]])('says a message-store read answered %s may be retried', async (status) => {
    // Prepare
    const { rc } = await connected();
    api.failReads(status);
    // Act
    const read = rc.messages.find(unreadSms('7001'));
    // Assess
    await expect(read).rejects.toBeInstanceOf(RetryableError);
  });

  it('says a message RingCentral does not have is not worth retrying', async () => {
    // Prepare
    const { rc } = await connected();
    // Act
    const read = rc.messages.find(unreadSms('7999'));
    // Assess
    await expect(read).rejects.toThrow('RingCentral answered 404');
    await expect(read).rejects.not.toBeInstanceOf(RetryableError);
  });

  it('says RingCentral not answering at all may be retried', async () => {
    // Prepare: nothing listens where the API is said to be
    const secrets = memorySecrets({ connections: { 'firm/ringcentral': { ...APP, accessToken: 'rc-live', expiresAt: '2026-03-02T16:00:00.000Z' } } });
    const rc = createRingCentralApi({ secrets, clock, baseUrl: 'http://127.0.0.1:1' });
    // Act
    const read = rc.messages.find(unreadSms('7001'));
    // Assess
    await expect(read).rejects.toBeInstanceOf(RetryableError);
  });
});

describe('completing an SMS known only by its id', () => {
  const complete = (error: Error) =>
    createEventCompletion({ ...completionDeps({ find: () => Promise.reject(error) }), clock: { now: () => new Date('2026-03-02T15:00:00Z') } });

  it('hands it back to the queue while the provider cannot answer, instead of skipping it for good', async () => {
    // Act
    const completed = complete(new RetryableError('RingCentral answered 503'))(unreadSms('7001'), mergeSettings({}), new Trace());
    // Assess
    await expect(completed).rejects.toBeInstanceOf(RetryableError);
  });

  it('leaves it unread, and says why, when the provider will never answer', async () => {
    // Prepare
    const trace = new Trace();
    // Act
    const completed = await complete(new Error('The tenant has no RingCentral connection'))(unreadSms('7001'), mergeSettings({}), trace);
    // Assess
    expect(completed.skip?.reason).toBe('message_unreadable');
    expect(trace.entries).toContainEqual({ step: 'message_text', decision: 'unavailable', detail: { why: 'The tenant has no RingCentral connection' } });
  });

  it('logs an SMS whose callback has its parties without the text when the provider is down (Twilio)', async () => {
    // Prepare: an outgoing Twilio SMS status callback, text left out
    const twilioSms = anEvent({ kind: 'sms', direction: 'outbound', status: 'sent', providerEventId: 'message:SM1', durationSeconds: undefined });
    // Act
    const completed = await complete(new RetryableError('Twilio answered 503'))(twilioSms, mergeSettings({}), new Trace());
    // Assess
    expect(completed).toMatchObject({ providerEventId: 'message:SM1', status: 'sent' });
    expect(completed.skip).toBeUndefined();
  });
});

describe("reading a provider's answer with a bound", () => {
  /** A body streamed in `chunks` pieces of 1 KB, without a length; counts the pieces pulled. */
  const streamed = (chunks: number) => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > chunks) controller.close();
        else controller.enqueue(new Uint8Array(1024).fill(0x61));
      },
    });
    return { response: new Response(body), pulled: () => pulled };
  };

  it('reads an answer within the bound', async () => {
    // Act
    const text = await boundedText(streamed(3).response, 4096, 'The answer');
    // Assess
    expect(text).toBe('a'.repeat(3072));
  });

  it('stops reading a body past the bound as it streams', async () => {
    // Prepare: a body far larger than the bound
    const { response, pulled } = streamed(1000);
    // Act
    const read = boundedText(response, 4096, 'The answer');
    // Assess
    await expect(read).rejects.toThrow(new ResponseTooLarge('The answer is larger than 4096 bytes'));
    expect(pulled()).toBeLessThan(10);
  });

  it('refuses a Content-Length past the bound before reading', async () => {
    // Prepare
    const { response, pulled } = streamed(1);
    const declared = new Response(response.body, { headers: { 'content-length': '999999' } });
    // Act
    const read = boundedText(declared, 4096, 'The answer');
    // Assess
    await expect(read).rejects.toBeInstanceOf(ResponseTooLarge);
    expect(pulled()).toBeLessThanOrEqual(1);
  });
});
