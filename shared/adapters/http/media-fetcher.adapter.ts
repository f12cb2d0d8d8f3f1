import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { Provider } from '../../domain/canonical-event.js';
import { PermanentError, RetryableError } from '../../domain/errors.js';
import type { MediaCredentials, MediaFetcher } from '../../ports/media-fetcher.js';

/** Fax PDFs are a few MB; a larger body is not a fax. */
const MAX_MEDIA_BYTES = 50 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Addresses media is never fetched from: loopback, private, link-local, CGNAT, unique-local, multicast, reserved,
 * and the IPv6 forms that reach IPv4 (mapped, NAT64, 6to4) — our own network and the Lambda runtime's.
 */
// Two lists: Node's BlockList matches IPv4 addresses against IPv6 rules too (as IPv4-mapped), which would make
// `::ffff:0:0/96` refuse every IPv4 address.
const INWARD_V4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  INWARD_V4.addSubnet(network, prefix, 'ipv4');
}
const INWARD_V6 = new BlockList();
for (const [network, prefix] of [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INWARD_V6.addSubnet(network, prefix, 'ipv6');
}

/** Whether an address is one media may be fetched from: a public unicast address (never an IPv4-mapped one). */
export const isPublicAddress = (address: string): boolean => {
  const family = isIP(address);
  if (family === 4) return !INWARD_V4.check(address, 'ipv4');
  // `::ffff:a.b.c.d` and its hex spelling reach IPv4: refused, whatever the IPv4 address.
  return family === 6 && !/^::ffff:/i.test(address) && !INWARD_V6.check(address, 'ipv6');
};

/** Hosts each provider serves its media from (exact names or `*.suffix`). */
export type MediaHosts = Readonly<Record<Provider, readonly string[]>>;

/** Where the providers serve media (their own docs; redirects to their storage included). */
export const PROVIDER_MEDIA_HOSTS: Omit<MediaHosts, 'generic'> = {
  twilio: ['api.twilio.com', '*.twiliocdn.com', '*.amazonaws.com'],
  telnyx: ['*.telnyx.com', '*.amazonaws.com'],
  ringcentral: ['*.ringcentral.com'],
  zoom: ['zoom.us', '*.zoom.us'],
  dialpad: ['dialpad.com', '*.dialpad.com', 'storage.googleapis.com'],
  vonage: ['*.nexmo.com', '*.vonage.com'],
};

const hostAllowed = (host: string, allowed: readonly string[]): boolean =>
  allowed.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern));

export interface MediaFetcherOptions {
  /** The generic route's hosts, set by the operator; none: media on the generic route is never fetched. */
  readonly genericHosts?: readonly string[];
  /** Exact origins trusted as they are (the local stack's own media server); never set in AWS. */
  readonly trustedOrigins?: readonly string[];
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Credentials for provider media behind a login (checked hosts only; dropped on a redirect to another origin). */
  readonly credentials?: MediaCredentials;
}

/** Each provider's own credentials for its media; a provider without any is fetched without. */
export const perProviderCredentials = (credentials: Partial<Record<Provider, MediaCredentials>>): MediaCredentials => ({
  authorization: (url, source, options) => credentials[source.provider]?.authorization(url, source, options) ?? Promise.resolve(undefined),
});

/** A refusal of ours, not a failure of the host: permanent, never retried. */
class Refused extends PermanentError {}

/** Resolves a name and refuses it unless every address is public; the connection goes to the address checked. */
const checkedLookup = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const inward = addresses.find((a) => !isPublicAddress(a.address));
    if (inward || addresses.length === 0)
      return callback(Object.assign(new Error(`${hostname} resolves to an address media is never fetched from`), { code: 'EREFUSED_INWARD' }), '');
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    return callback(null, first?.address ?? '', first?.family);
  });
};

/**
 * Fetches a provider's media so that it cannot be aimed inward (docs/media.md): https only, to the provider's
 * own hosts, never to a non-public address (literal, or as the name resolves, checked on the address connected
 * to), every redirect checked again, the body bounded as it streams and never decompressed. A URL we refuse is a
 * permanent failure; a host that does not answer may be retried.
 */
export const createHttpMediaFetcher = (options: MediaFetcherOptions = {}): MediaFetcher => {
  const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
  const hostsOf = (provider: Provider): readonly string[] => (provider === 'generic' ? (options.genericHosts ?? []) : PROVIDER_MEDIA_HOSTS[provider]);

  const check = (url: URL, provider: Provider): { trusted: boolean } => {
    if ((options.trustedOrigins ?? []).includes(url.origin)) return { trusted: true };
    if (url.protocol !== 'https:') throw new Refused('media_url_refused', `Media is fetched over https only, not ${url.protocol}`);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (isIP(host) !== 0 && !isPublicAddress(host)) throw new Refused('media_url_refused', 'The media URL names an address media is never fetched from');
    if (!hostAllowed(host, hostsOf(provider))) throw new Refused('media_host_not_allowed', `${provider} media is not fetched from ${host}`);
    return { trusted: false };
  };

  const get = (url: URL, trusted: boolean, authorization: string | undefined, timeoutMs: number) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const headers = { 'accept-encoding': 'identity', ...(authorization ? { authorization } : {}) };
      const req = send(url, { method: 'GET', headers, ...(trusted ? {} : { lookup: checkedLookup }), timeout: timeoutMs }, resolve);
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });

  const body = (response: IncomingMessage) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          reject(new Refused('media_too_large', `Media is larger than ${maxBytes} bytes`));
        } else chunks.push(chunk);
      });
      response.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      response.on('error', reject);
    });

  return {
    async fetch(link, source) {
      const { provider } = source;
      let url: URL;
      try {
        url = new URL(link);
      } catch {
        throw new Refused('media_url_refused', 'The media link is not a URL');
      }
      // Asked for once the first URL passed the checks (and once more, renewed, should it be refused); never sent to
      // another origin a redirect names.
      let authorization: string | undefined;
      let authorized: string | undefined;
      let renewed = false;
      for (let hop = 0; ; hop++) {
        const { trusted } = check(url, provider);
        if (authorized === undefined && options.credentials) {
          authorization = await options.credentials.authorization(url, source);
          authorized = url.origin;
        }
        let response: IncomingMessage;
        try {
          response = await get(url, trusted, url.origin === authorized ? authorization : undefined, options.timeoutMs ?? 20_000);
        } catch (cause) {
          if ((cause as NodeJS.ErrnoException).code === 'EREFUSED_INWARD') throw new Refused('media_url_refused', (cause as Error).message, { cause });
          throw new RetryableError(`Media at ${url.host} did not answer`, { cause });
        }
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          if (hop >= MAX_REDIRECTS) throw new Refused('media_url_refused', 'The media link redirects too often');
          url = new URL(response.headers.location, url);
          continue;
        }
        if (status === 401 && authorization !== undefined && url.origin === authorized && !renewed && options.credentials) {
          response.resume();
          renewed = true;
          authorization = await options.credentials.authorization(url, source, { renew: true });
          // Asked again, as one more hop.
          if (authorization !== undefined) continue;
        }
        if (status >= 500 || status === 429) {
          response.resume();
          throw new RetryableError(`Media host answered ${status}`);
        }
        if (status < 200 || status >= 300) {
          response.resume();
          throw new PermanentError('media_unavailable', `The media link answered ${status} (expired or refused)`);
        }
        if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
          response.destroy();
          throw new Refused('media_too_large', `Media is ${response.headers['content-length'] ?? ''} bytes`);
        }
        return { bytes: await body(response), contentType: response.headers['content-type']?.split(';')[0] ?? 'application/octet-stream' };
      }
    },
  };
};
