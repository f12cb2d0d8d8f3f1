import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createVonageApi, rsaSigningKey } from '../../../shared/adapters/providers/vonage/vonage.api.js';
import type { MediaSource } from '../../../shared/ports/media-fetcher.js';
import { memorySecrets } from '../../support/events.js';
import { aVonageApp } from '../../support/vonage-files-fake.js';

const APP = aVonageApp();
const FIRM: MediaSource = { provider: 'vonage', tenantId: 'firm' };
const NOW = Date.parse('2026-11-30T15:00:00Z');
const clock = { now: () => new Date(NOW) };

const connected = async () => {
  const secrets = memorySecrets();
  const api = createVonageApi({ secrets, clock });
  expect(await api.connect('firm', APP)).toBe('connected');
  return { api, secrets };
};

describe('Vonage connection (application JWT) and its media credentials', () => {
  it.each([
    'https://api.nexmo.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001',
    'https://api-us.nexmo.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001',
    'https://api-eu.nexmo.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001',
    'https://api.vonage.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001',
    'https://api-us-3.vonage.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001',
  ])('signs a fresh RS256 JWT of the application for %s', async (link) => {
    // Prepare
    const { api } = await connected();
    // Act
    const header = await api.media.authorization(new URL(link), FIRM);
    // Assess
    const jwt = header?.replace(/^Bearer /, '') ?? '';
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, APP.publicKey, { currentDate: new Date(NOW) });
    expect(payload).toEqual({
      application_id: APP.applicationId,
      iat: NOW / 1000,
      exp: NOW / 1000 + 300,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
    });
  });

  it('signs a new JWT for every download (a new jti)', async () => {
    // Prepare
    const { api } = await connected();
    const link = new URL('https://api.nexmo.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001');
    // Act
    const [first, second] = await Promise.all([api.media.authorization(link, FIRM), api.media.authorization(link, FIRM)]);
    // Assess
    expect(first).not.toBe(second);
  });

  it.each([
    ['another host', 'https://evil.example/v1/files/aaaaaaaa-0000-4000-8000-000000000001'],
    ["a host that merely ends like Vonage's", 'https://api.nexmo.com.evil.example/v1/files/aaaaaaaa-0000-4000-8000-000000000001'],
    ["another of Vonage's hosts", 'https://rest.nexmo.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001'],
    ['plain http', 'http://api.nexmo.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001'],
    ['another port', 'https://api.nexmo.com:8443/v1/files/aaaaaaaa-0000-4000-8000-000000000001'],
    ["the rest of Vonage's API", 'https://api.nexmo.com/v1/calls'],
  ])('signs nothing for %s', async (_what, link) => {
    // Prepare
    const { api } = await connected();
    // Act
    const header = await api.media.authorization(new URL(link), FIRM);
    // Assess
    expect(header).toBeUndefined();
  });

  it("signs nothing for another provider's media, another tenant, or a tenant without a connection", async () => {
    // Prepare
    const { api } = await connected();
    const link = new URL('https://api.nexmo.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001');
    // Act
    const headers = await Promise.all([
      api.media.authorization(link, { provider: 'zoom', tenantId: 'firm' }),
      api.media.authorization(link, { provider: 'vonage', tenantId: 'other-firm' }),
      createVonageApi({ secrets: memorySecrets(), clock }).media.authorization(link, FIRM),
    ]);
    // Assess
    expect(headers).toEqual([undefined, undefined, undefined]);
  });

  it('signs for the overridden origin only when its base is overridden (the local fake)', async () => {
    // Prepare
    const secrets = memorySecrets();
    const api = createVonageApi({ secrets, clock, filesBaseUrl: 'http://127.0.0.1:9999' });
    await api.connect('firm', APP);
    // Act
    const local = await api.media.authorization(new URL('http://127.0.0.1:9999/v1/files/aaaaaaaa-0000-4000-8000-000000000001'), FIRM);
    const real = await api.media.authorization(new URL('https://api.nexmo.com/v1/files/aaaaaaaa-0000-4000-8000-000000000001'), FIRM);
    // Assess
    expect(local).toMatch(/^Bearer /);
    expect(real).toBeUndefined();
  });

  it.each([
    ['a PKCS#8 RSA key', APP.privateKey, true],
    ['a PKCS#1 RSA key', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), true],
    [
      'a 1024-bit RSA key (too short for RS256)',
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      false,
    ],
    ['an EC key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), false],
    ['a public key', APP.publicKey.export({ type: 'spki', format: 'pem' }).toString(), false],
    ['a truncated key', APP.privateKey.slice(0, 200), false],
  ])('accepts %s as a signing key: %s', (_what, pem, accepted) => {
    expect(rsaSigningKey(pem) !== undefined).toBe(accepted);
  });

  it('keeps nothing when the key is not one it can sign with', async () => {
    // Prepare
    const secrets = memorySecrets();
    // Act
    const result = await createVonageApi({ secrets, clock }).connect('firm', { applicationId: APP.applicationId, privateKey: 'not a key' });
    // Assess
    expect(result).toBe('invalid_key');
    expect(await secrets.providerConnection('firm', 'vonage')).toBeUndefined();
  });
});
