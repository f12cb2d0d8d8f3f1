import { perProviderCredentials } from '../../../shared/adapters/http/media-fetcher.adapter.js';
import { createTwilioMediaCredentials } from '../../../shared/adapters/providers/twilio/twilio.media.js';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const RECORDING = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE0123456789abcdef0123456789abcdef`;
const tokens: Record<string, string> = { 'firm-a': 'token-a' };
const credentials = createTwilioMediaCredentials({
  secrets: { providerSecret: (tenantId) => Promise.resolve(tokens[tenantId]) },
  baseUrl: 'https://api.twilio.com',
});
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Twilio media credentials', () => {
  it.each([
    ['a recording link, as Twilio sends it', RECORDING, 'twilio', 'firm-a', basic(ACCOUNT, 'token-a')],
    ['a recording link asking for MP3', `${RECORDING}.mp3`, 'twilio', 'firm-a', basic(ACCOUNT, 'token-a')],
    ['a tenant without a Twilio auth token', RECORDING, 'twilio', 'firm-b', undefined],
    ['another provider naming a Twilio link', RECORDING, 'telnyx', 'firm-a', undefined],
    [
      'Twilio storage that a redirect named',
      `https://media.twiliocdn.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE0123456789abcdef0123456789abcdef`,
      'twilio',
      'firm-a',
      undefined,
    ],
    [
      'another resource of the account',
      `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/SM0123456789abcdef0123456789abcdef.json`,
      'twilio',
      'firm-a',
      undefined,
    ],
  ] as const)('%s', async (_what, url, provider, tenantId, expected) => {
    expect(await credentials.authorization(new URL(url), { provider, tenantId })).toBe(expected);
  });

  it("are asked only for their own provider's media", async () => {
    const combined = perProviderCredentials({ twilio: credentials });
    expect([
      await combined.authorization(new URL(RECORDING), { provider: 'twilio', tenantId: 'firm-a' }),
      await combined.authorization(new URL(RECORDING), { provider: 'zoom', tenantId: 'firm-a' }),
    ]).toEqual([basic(ACCOUNT, 'token-a'), undefined]);
  });
});
