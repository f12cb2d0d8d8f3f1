import { createZoomApi } from '../../../shared/adapters/providers/zoom/zoom.api.js';
import { RetryableError } from '../../../shared/domain/errors.js';
import type { MediaSource } from '../../../shared/ports/media-fetcher.js';
import { memorySecrets } from '../../support/events.js';
import { startZoomApiFake } from '../../support/zoom-api-fake.js';

const APP = { accountId: 'D8cJuqWVQ623CI4Q8yQK0Q', clientId: 'zoomClientId0001', clientSecret: 'zoomClientSecret00000000000001' };
const FIRM: MediaSource = { provider: 'zoom', tenantId: 'firm' };

describe('Zoom connection (Server-to-Server OAuth) and its media credentials', () => {
  let zoom: Awaited<ReturnType<typeof startZoomApiFake>>;
  let now: number;
  const clock = { now: () => new Date(now) };

  beforeAll(async () => {
    zoom = await startZoomApiFake(APP);
  });
  afterAll(() => zoom.stop());
  beforeEach(() => {
    now = Date.parse('2026-11-30T15:00:00Z');
    zoom.failTokens(undefined);
  });

  /** The production API with the tenant connected; downloads on the real hosts, tokens from the fake. */
  const connected = async () => {
    const secrets = memorySecrets();
    const api = createZoomApi({ secrets, clock, oauthBaseUrl: zoom.url });
    expect(await api.connect('firm', APP)).toBe('connected');
    return { api, secrets };
  };
  const tokenRequests = () => zoom.requests.filter((r) => r.path === '/oauth/token').length;

  it.each([
    ['a recording on zoom.us', 'https://zoom.us/v2/phone/recording/download/Id_abc123DEF456ghi789J'],
    ['a voicemail on zoom.us', 'https://zoom.us/v2/phone/voice_mails/download/d43520fc6b7e4b26bbeef58a8a80f235'],
    ['a recording on api.zoom.us', 'https://api.zoom.us/v2/phone/recording/download/Id_abc123DEF456ghi789J'],
  ])("lends the tenant's token for %s", async (_what, link) => {
    // Prepare
    const { api } = await connected();
    // Act
    const header = await api.media.authorization(new URL(link), FIRM);
    // Assess
    expect(header).toMatch(/^Bearer zoom-access-\d+$/);
  });

  it.each([
    ["Zoom's signed file link (it carries its own)", 'https://file.zoom.us/file?business=phone&filename=call.mp3&jwt=eyJ'],
    ['another host', 'https://evil.example/v2/phone/recording/download/abc'],
    ["a host that merely ends like Zoom's", 'https://notzoom.us/v2/phone/recording/download/abc'],
    ['plain http', 'http://zoom.us/v2/phone/recording/download/abc'],
    ["the rest of Zoom's API", 'https://api.zoom.us/v2/users/me'],
    ['a path that climbs out of the download folder', 'https://zoom.us/v2/phone/recording/download/abc/../../../users'],
  ])('lends nothing for %s', async (_what, link) => {
    // Prepare
    const { api } = await connected();
    // Act
    const header = await api.media.authorization(new URL(link), FIRM);
    // Assess
    expect(header).toBeUndefined();
  });

  it("lends nothing for another provider's media, another tenant, or a tenant without a connection", async () => {
    // Prepare
    const { api } = await connected();
    const link = new URL('https://zoom.us/v2/phone/recording/download/abc');
    // Act
    const headers = await Promise.all([
      api.media.authorization(link, { provider: 'ringcentral', tenantId: 'firm' }),
      api.media.authorization(link, { provider: 'zoom', tenantId: 'other-firm' }),
      createZoomApi({ secrets: memorySecrets(), clock, oauthBaseUrl: zoom.url }).media.authorization(link, FIRM),
    ]);
    // Assess
    expect(headers).toEqual([undefined, undefined, undefined]);
  });

  it('keeps the token with its expiry in the connection secret and reuses it until near its expiry', async () => {
    // Prepare
    const { api, secrets } = await connected();
    const link = new URL('https://zoom.us/v2/phone/voice_mails/download/abc');
    const before = tokenRequests();
    // Act
    const first = await api.media.authorization(link, FIRM);
    now += 50 * 60_000;
    const second = await api.media.authorization(link, FIRM);
    now += 6 * 60_000;
    const third = await api.media.authorization(link, FIRM);
    // Assess
    expect(first).toBe(second);
    expect(third).not.toBe(first);
    expect(tokenRequests()).toBe(before + 1);
    expect(await secrets.providerConnection('firm', 'zoom')).toEqual({
      ...APP,
      accessToken: third?.replace('Bearer ', ''),
      expiresAt: new Date(now + 3599_000).toISOString(),
    });
  });

  it.each([
    ['a wrong client secret', { ...APP, clientSecret: 'wrong' }],
    ['another account', { ...APP, accountId: 'AnotherAccount000000' }],
  ])('refuses %s and keeps nothing', async (_what, credentials) => {
    // Prepare
    const secrets = memorySecrets();
    const api = createZoomApi({ secrets, clock, oauthBaseUrl: zoom.url });
    // Act
    const result = await api.connect('firm', credentials);
    // Assess
    expect(result).toBe('refused');
    expect(await secrets.providerConnection('firm', 'zoom')).toBeUndefined();
  });

  it('throws when Zoom does not answer a connection, and keeps nothing', async () => {
    // Prepare
    const secrets = memorySecrets();
    zoom.failTokens(503);
    // Act
    const connecting = createZoomApi({ secrets, clock, oauthBaseUrl: zoom.url }).connect('firm', APP);
    // Assess
    await expect(connecting).rejects.toThrow("Zoom's token endpoint answered 503");
    expect(await secrets.providerConnection('firm', 'zoom')).toBeUndefined();
  });

  it('buys a new token when asked to renew the one Zoom refused, though it has not expired', async () => {
    // Prepare
    const { api } = await connected();
    const link = new URL('https://zoom.us/v2/phone/voice_mails/download/abc');
    const first = await api.media.authorization(link, FIRM);
    // Act
    const renewed = await api.media.authorization(link, FIRM, { renew: true });
    // Assess
    expect(renewed).toMatch(/^Bearer zoom-access-\d+$/);
    expect(renewed).not.toBe(first);
  });

  it('never undoes a reconnect made while it was buying a token for the old app', async () => {
    // Prepare: the token expired; the firm connects another app while a token is bought for the old one
    const { api, secrets } = await connected();
    now += 60 * 60_000;
    const read = secrets.providerConnection.bind(secrets);
    let freshReads = 0;
    secrets.providerConnection = async (tenantId, provider, options) => {
      // The second fresh read comes after the token was bought: by then the firm has reconnected.
      if (options?.fresh && ++freshReads === 2) {
        await secrets.putProviderConnection(tenantId, provider, {
          ...APP,
          clientId: 'zoomClientId0002',
          accessToken: 'other-app-token',
          expiresAt: new Date(now + 3_600_000).toISOString(),
        });
      }
      return read(tenantId, provider, options);
    };
    // Act
    const header = await api.media.authorization(new URL('https://zoom.us/v2/phone/recording/download/abc'), FIRM);
    // Assess
    expect(freshReads).toBe(2);
    expect(header).toBe('Bearer other-app-token');
    expect(await read('firm', 'zoom')).toMatchObject({ clientId: 'zoomClientId0002', accessToken: 'other-app-token' });
  });

  it("reads Zoom's token answer with a bound, and treats a silent Zoom as a passing failure", async () => {
    // Prepare
    const secrets = memorySecrets();
    const api = createZoomApi({ secrets, clock, oauthBaseUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
    // Act
    const connecting = api.connect('firm', APP);
    // Assess
    await expect(connecting).rejects.toBeInstanceOf(RetryableError);
  });

  it('lends nothing once Zoom refuses the credentials it kept (the app was deleted)', async () => {
    // Prepare: a connection whose token expired and whose secret Zoom no longer accepts
    const secrets = memorySecrets({
      connections: { 'firm/zoom': { ...APP, clientSecret: 'rotated-away', accessToken: 'old', expiresAt: '2026-11-30T14:00:00Z' } },
    });
    const api = createZoomApi({ secrets, clock, oauthBaseUrl: zoom.url });
    // Act
    const header = await api.media.authorization(new URL('https://zoom.us/v2/phone/recording/download/abc'), FIRM);
    // Assess
    expect(header).toBeUndefined();
  });

  it('lends a token for the overridden origin only when its base is overridden (the local fake)', async () => {
    // Prepare
    const secrets = memorySecrets();
    const api = createZoomApi({ secrets, clock, oauthBaseUrl: zoom.url, downloadOrigins: [zoom.url] });
    await api.connect('firm', APP);
    // Act
    const local = await api.media.authorization(new URL(`${zoom.url}/v2/phone/recording/download/abc`), FIRM);
    const real = await api.media.authorization(new URL('https://zoom.us/v2/phone/recording/download/abc'), FIRM);
    // Assess
    expect(local).toMatch(/^Bearer /);
    expect(real).toBeUndefined();
  });
});
