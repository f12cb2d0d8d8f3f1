import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SIGNERS, twilioJsonSigner, type SignedCallback, type Signer } from '../../../local/signers/index.js';
import { WEBHOOK_PROVIDERS } from '../../../shared/adapters/providers/index.js';
import { PROVIDERS, type Provider } from '../../../shared/domain/canonical-event.js';
import type { InboundWebhook } from '../../../shared/ports/webhook-provider.js';

const URL_OF = (provider: Provider) => `https://hooks.example.com/v1/tenants/demo/webhooks/${provider}`;
const JSON_BODY = JSON.stringify({ id: 'evt-1', text: 'Running late', n: 1234 });
const BODY: Readonly<Record<Provider, string>> = {
  twilio: 'AccountSid=AC0&CallSid=CA1&CallStatus=completed&From=%2B14155550100',
  telnyx: JSON_BODY,
  ringcentral: JSON_BODY,
  zoom: JSON_BODY,
  dialpad: JSON_BODY,
  vonage: JSON_BODY,
  generic: JSON_BODY,
};
/** Whether the provider's signature carries a time, so that an old one is refused as stale. */
const TIMED: Readonly<Record<Provider, boolean>> = { twilio: false, telnyx: true, ringcentral: false, zoom: true, dialpad: true, vonage: true, generic: true };

/** A firm's credentials, as it gives them to us (`credential`) and as its phone system signs with them (`signing`). */
const keys = (): Readonly<Record<Provider, { credential: string; signing: string }>> => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const same = (secret: string) => ({ credential: secret, signing: secret });
  const secret = () => randomBytes(24).toString('base64url');
  return {
    twilio: same(secret()),
    ringcentral: same(secret()),
    zoom: same(secret()),
    dialpad: same(secret()),
    vonage: same(secret()),
    generic: same(`whsec_${randomBytes(32).toString('base64')}`),
    telnyx: {
      credential: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64'),
      signing: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
  };
};

/** The signed callback as our webhook route receives it. */
const inbound = ({ url, headers, body }: SignedCallback): InboundWebhook => {
  const { pathname, search } = new URL(url);
  return {
    method: 'POST',
    path: pathname,
    rawQuery: search.replace(/^\?/, ''),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    body,
  };
};
const verify = (provider: Provider, signed: SignedCallback, credential: string, now = new Date()) =>
  WEBHOOK_PROVIDERS[provider].verify(inbound(signed), credential, { publicUrl: signed.url, now });

describe.each(PROVIDERS)('the %s signer (local/signers)', (provider) => {
  const signer: Signer = SIGNERS[provider];
  const firm = keys();
  const other = keys();

  it("signs a callback that the provider's adapter verifies with the firm's credential", () => {
    // Act
    const signed = signer.sign(firm[provider].signing, { url: URL_OF(provider), body: BODY[provider] });
    // Assess
    expect(verify(provider, signed, firm[provider].credential)).toEqual({ ok: true });
  });

  it("signs a callback that another firm's credential does not verify", () => {
    const signed = signer.sign(other[provider].signing, { url: URL_OF(provider), body: BODY[provider] });
    expect(verify(provider, signed, firm[provider].credential)).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it(TIMED[provider] ? 'signs with the time given: 400 s ago is stale' : 'carries no time: the same callback verifies 400 s later', () => {
    // Prepare
    const at = new Date(Date.now() - 400_000);
    // Act
    const signed = signer.sign(firm[provider].signing, { url: URL_OF(provider), body: BODY[provider], at });
    // Assess
    expect(verify(provider, signed, firm[provider].credential)).toEqual(
      TIMED[provider] ? expect.objectContaining({ ok: false, code: 'timestamp_stale' }) : { ok: true },
    );
  });
});

describe('the Twilio JSON signer', () => {
  it("puts the body's SHA-256 in the URL and signs that URL, as Twilio's adapter verifies", () => {
    // Prepare
    const { twilio } = keys();
    // Act
    const signed = twilioJsonSigner.sign(twilio.signing, { url: URL_OF('twilio'), body: JSON_BODY });
    // Assess
    expect(signed.url).toMatch(/\?bodySHA256=[0-9a-f]{64}$/);
    expect(verify('twilio', signed, twilio.credential)).toEqual({ ok: true });
    expect(verify('twilio', { ...signed, body: Buffer.from(JSON_BODY.replace('1234', '1235')) }, twilio.credential)).toMatchObject({ ok: false });
  });
});
