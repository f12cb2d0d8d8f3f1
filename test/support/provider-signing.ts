import { readFileSync } from 'node:fs';
import { demoSigningSecrets, sign } from '../../local/signers/index.js';
import type { LocalStack } from '../../local/stack.js';
import type { Provider } from '../../shared/domain/canonical-event.js';

/** A documented payload from `test/fixtures/providers/<provider>/<name>.json`. */
export const providerFixture = <T = Record<string, unknown>>(provider: string, name: string): T =>
  (JSON.parse(readFileSync(new URL(`../fixtures/providers/${provider}/${name}.json`, import.meta.url), 'utf8')) as { payload: T }).payload;

export interface SignedRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** The providers that post JSON (Twilio posts forms: `twilioForm` and the signers in local/signers). */
export type JsonProvider = Exclude<Provider, 'twilio'>;

/** The providers whose documented payloads are in `test/fixtures/providers/<provider>/` as JSON. */
export type FixtureProvider = Exclude<JsonProvider, 'generic'>;

/** One documented message callback per provider: each queues one event, without a call to assemble. */
export const MESSAGE_FIXTURES: Readonly<Record<FixtureProvider, string>> = {
  telnyx: 'message-received',
  ringcentral: 'instant-message',
  zoom: 'sms-received',
  dialpad: 'sms-inbound',
  vonage: 'message-inbound-sms',
};

const webhookUrl = (stack: LocalStack, provider: Provider, tenantId: string): string => `${stack.url}/v1/tenants/${tenantId}/webhooks/${provider}`;

/**
 * `payload` as JSON, signed for the demo tenant by the provider's signer (local/signers), `secondsAgo` in the past
 * when given (Dialpad: an `exp` that has passed).
 */
export const signAs = (stack: LocalStack, provider: JsonProvider, payload: unknown, secondsAgo?: number): SignedRequest => {
  const body = JSON.stringify(payload);
  const at = secondsAgo === undefined ? undefined : new Date(Date.now() - secondsAgo * 1000);
  const signed = sign(provider, demoSigningSecrets(stack.demo)[provider], { url: webhookUrl(stack, provider, 'demo'), body, at });
  return { body: signed.body.toString('utf8'), headers: { ...signed.headers } };
};

/** The same callback without what signs it: no signature headers (Dialpad: the JSON itself, not a JWT). */
export const unsigned = (provider: Provider, payload: unknown): SignedRequest => ({
  body: JSON.stringify(payload),
  headers: { 'content-type': provider === 'dialpad' ? 'text/plain' : 'application/json' },
});

export const postSigned = (stack: LocalStack, provider: Provider, request: SignedRequest, tenantId = 'demo'): Promise<Response> =>
  fetch(webhookUrl(stack, provider, tenantId), { method: 'POST', headers: request.headers, body: request.body });
