import * as z from 'zod';
import type { MessageLookup } from '../../../ports/message-lookup.js';
import type { SecretStore } from '../../../ports/secret-store.js';
import { boundedText } from '../kit.js';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
/** A message resource is a few KB; an SMS body is at most 1,600 characters. */
const MAX_RESPONSE_BYTES = 64 * 1024;

const messageResource = z.object({ body: z.string().nullish(), from: z.string().nullish(), to: z.string().nullish() });

/**
 * Twilio's Message resource (`GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json`, Basic auth with the
 * account and the tenant's auth token): the text and recipient that message status callbacks leave out. The URL is
 * built from our base and two ids of a fixed shape, never from anything else a tenant sends (docs/providers/twilio.md).
 */
export const createTwilioMessageLookup = (options: { secrets: SecretStore; baseUrl: string; timeoutMs?: number }): MessageLookup => ({
  async find(event) {
    if (event.provider !== 'twilio' || event.kind !== 'sms') return undefined;
    const account = event.providerAccount ?? '';
    if (!ACCOUNT_SID.test(account)) throw new Error('The callback named no Twilio AccountSid');
    if (!MESSAGE_SID.test(event.providerResourceId)) throw new Error('The message sid is not one Twilio issues');
    const token = await options.secrets.providerSecret(event.tenantId, 'twilio');
    if (!token) throw new Error('The tenant has no Twilio auth token');
    const url = `${options.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${account}/Messages/${event.providerResourceId}.json`;
    const response = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from(`${account}:${token}`).toString('base64')}`, accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!response.ok) throw new Error(`Twilio answered ${response.status}`);
    const message = messageResource.parse(JSON.parse(await boundedText(response, MAX_RESPONSE_BYTES, "Twilio's answer")));
    return { ...(message.body ? { text: message.body } : {}), ...(message.from ? { from: message.from } : {}), ...(message.to ? { to: message.to } : {}) };
  },
});
