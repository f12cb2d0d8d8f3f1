import twilio from 'twilio';
import { verifyTwilioSignature } from '../../../shared/adapters/providers/twilio/twilio.signature.js';
import type { InboundWebhook } from '../../../shared/ports/webhook-provider.js';

const TOKEN = '12345';
const now = new Date();

const formRequest = (url: string, params: Record<string, string> | URLSearchParams, signature?: string): InboundWebhook => ({
  method: 'POST',
  path: new URL(url).pathname,
  rawQuery: new URL(url).search.slice(1),
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === undefined ? {} : { 'x-twilio-signature': signature }) },
  body: Buffer.from(new URLSearchParams(params).toString()),
});

describe('X-Twilio-Signature', () => {
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };

  it("accepts the signature the twilio package computes (Twilio's published test vector)", () => {
    // Prepare
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    // Act
    const verdict = verifyTwilioSignature(formRequest(url, params, signature), TOKEN, { publicUrl: url, now });
    // Assess
    expect(signature).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    expect(verdict).toEqual({ ok: true });
  });

  it('accepts repeated parameters signed as Twilio signs them', () => {
    const repeated = new URLSearchParams([
      ['To', '+2'],
      ['To', '+1'],
      ['From', '+3'],
    ]);
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, { To: ['+2', '+1'], From: '+3' });
    expect(verifyTwilioSignature(formRequest(url, repeated, signature), TOKEN, { publicUrl: url, now })).toEqual({ ok: true });
  });

  it.each([
    ['a tampered body', { ...params, Digits: '9999' }, url, TOKEN],
    ['another URL', params, 'https://mycompany.com/myapp.php?foo=1', TOKEN],
    ['another auth token', params, url, 'other-token'],
  ])('rejects %s', (_name, sent, verifiedUrl, token) => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    expect(verifyTwilioSignature(formRequest(url, sent, signature), token, { publicUrl: verifiedUrl, now })).toMatchObject({
      ok: false,
      code: 'signature_invalid',
    });
  });

  it.each([
    ['with the default port, configured without', 'https://mycompany.com:443/myapp.php?foo=1&bar=2', url],
    ['without the default port, configured with', url, 'https://mycompany.com:443/myapp.php?foo=1&bar=2'],
  ])("accepts a URL signed %s, as twilio-node's validateRequest does", (_name, signedUrl, configuredUrl) => {
    // Prepare
    const signature = twilio.getExpectedTwilioSignature(TOKEN, signedUrl, params);
    // Act
    const verdict = verifyTwilioSignature(formRequest(configuredUrl, params, signature), TOKEN, { publicUrl: configuredUrl, now });
    // Assess
    expect(twilio.validateRequest(TOKEN, signature, configuredUrl, params)).toBe(true);
    expect(verdict).toEqual({ ok: true });
  });

  it('does not take another port for the default one', () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, 'https://mycompany.com:8443/myapp.php?foo=1&bar=2', params);
    expect(verifyTwilioSignature(formRequest(url, params, signature), TOKEN, { publicUrl: url, now })).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('accepts a GET status callback signed over its URL, parameters included', () => {
    // Prepare: StatusCallbackMethod=GET puts the parameters in the query
    const getUrl = `https://mycompany.com/hooks?${new URLSearchParams(params).toString()}`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, getUrl, {});
    const request: InboundWebhook = {
      method: 'GET',
      path: '/hooks',
      rawQuery: new URL(getUrl).search.slice(1),
      headers: { 'x-twilio-signature': signature },
      body: Buffer.alloc(0),
    };
    // Act & Assess
    expect(verifyTwilioSignature(request, TOKEN, { publicUrl: getUrl, now })).toEqual({ ok: true });
    expect(
      verifyTwilioSignature({ ...request, rawQuery: request.rawQuery.replace('1234', '9999') }, TOKEN, { publicUrl: getUrl.replace('1234', '9999'), now }),
    ).toMatchObject({ ok: false });
  });

  it('says the signature is missing when the header is absent', () => {
    expect(verifyTwilioSignature(formRequest(url, params), TOKEN, { publicUrl: url, now })).toMatchObject({ ok: false, code: 'signature_missing' });
  });

  describe('JSON bodies (bodySHA256)', () => {
    const body = '{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}';
    const jsonUrl = `https://example.com/myapp?bodySHA256=${twilio.getExpectedBodyHash(body)}`;
    const jsonRequest = (sent: string, signature: string): InboundWebhook => ({
      method: 'POST',
      path: '/myapp',
      rawQuery: new URL(jsonUrl).search.slice(1),
      headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
      body: Buffer.from(sent),
    });

    it('accepts a body whose hash and URL signature match', () => {
      // Prepare
      const signature = twilio.getExpectedTwilioSignature(TOKEN, jsonUrl, {});
      // Act + Assess
      expect(signature).toBe('hPXmLwIy3Fgqv1i9KPmH/HhQ6zo=');
      expect(twilio.validateRequestWithBody(TOKEN, signature, jsonUrl, body)).toBe(true);
      expect(verifyTwilioSignature(jsonRequest(body, signature), TOKEN, { publicUrl: jsonUrl, now })).toEqual({ ok: true });
    });

    it('rejects a body that no longer hashes to bodySHA256', () => {
      const signature = twilio.getExpectedTwilioSignature(TOKEN, jsonUrl, {});
      expect(verifyTwilioSignature(jsonRequest(body.replace('3030', '3031'), signature), TOKEN, { publicUrl: jsonUrl, now })).toMatchObject({
        ok: false,
        code: 'signature_invalid',
      });
    });
  });
});
