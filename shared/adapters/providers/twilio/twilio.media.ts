import type { MediaCredentials } from '../../../ports/media-fetcher.js';
import type { SecretStore } from '../../../ports/secret-store.js';

const RECORDING_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Recordings\/RE[0-9a-fA-F]{32}(\.(mp3|wav))?$/;

/**
 * Twilio's recordings are behind HTTP Basic auth when the account enforces it for media ("Enforce HTTP Auth on Media
 * URLs"): the account in the link and the tenant's auth token, sent to Twilio's API origin only, for a recording
 * link of Twilio's own shape (docs/providers/twilio.md).
 */
export const createTwilioMediaCredentials = (options: { secrets: Pick<SecretStore, 'providerSecret'>; baseUrl: string }): MediaCredentials => {
  const origin = new URL(options.baseUrl).origin;
  return {
    async authorization(url, { provider, tenantId }) {
      const account = provider === 'twilio' && url.origin === origin ? RECORDING_PATH.exec(url.pathname)?.[1] : undefined;
      const token = account ? await options.secrets.providerSecret(tenantId, 'twilio') : undefined;
      return account && token ? `Basic ${Buffer.from(`${account}:${token}`).toString('base64')}` : undefined;
    },
  };
};
