import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { SAMPLE_FAX_PDF } from '../../local/media-server.js';
import type { LocalStack } from '../../local/stack.js';
import { createHttpMediaFetcher, isPublicAddress } from '../../shared/adapters/http/media-fetcher.adapter.js';
import { PermanentError } from '../../shared/domain/errors.js';
import { postGeneric } from '../support/generic.js';
import { sid, startTestStack, waitForOutcome } from '../support/local-stack.js';

/** A listener on this machine that only counts who connects to it: any connection is the attack succeeding. */
const startTrap = async () => {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

describe('media fetching cannot be aimed inward', () => {
  let stack: LocalStack;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let trusted: ReturnType<typeof createHttpServer>;
  let trustedUrl = '';

  beforeAll(async () => {
    trap = await startTrap();
    // A media server the stack trusts by its exact origin (as the local stack trusts its own) that redirects inward.
    trusted = createHttpServer((req, res) => {
      if (req.url === '/redirect-http') res.writeHead(302, { location: `http://127.0.0.1:${trap.port}/fax.pdf` }).end();
      else if (req.url === '/redirect-https') res.writeHead(302, { location: `https://localhost:${trap.port}/fax.pdf` }).end();
      else if (req.url === '/not-a-pdf') res.writeHead(200, { 'content-type': 'application/pdf' }).end('<html>expired</html>');
      else if (req.url === '/gzip') res.writeHead(200, { 'content-type': 'application/pdf', 'content-encoding': 'gzip' }).end(gzipSync(SAMPLE_FAX_PDF));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => trusted.listen(0, '127.0.0.1', resolve));
    trustedUrl = `http://127.0.0.1:${(trusted.address() as AddressInfo).port}`;
    // The operator lets the generic route fetch from localhost: the address check must hold on its own.
    stack = await startTestStack({ trustedMediaOrigins: [trustedUrl], genericMediaHosts: ['localhost'] });
  });
  afterAll(async () => {
    await stack.stop();
    await trap.stop();
    await new Promise<void>((resolve) => trusted.close(() => resolve()));
  });

  const fax = (url: string) => ({
    providerEventId: `fax-${sid('CA')}`,
    providerResourceId: 'fax',
    kind: 'fax',
    direction: 'inbound',
    external: { raw: '+14155550100' },
    firm: { e164: '+14155550199' },
    occurredAt: new Date().toISOString(),
    status: 'received',
    media: [{ url, contentType: 'application/pdf' }],
  });

  it.each([
    ['plain http to loopback', () => `http://127.0.0.1:${trap.port}/fax.pdf`, 'media_url_refused'],
    ['https to a loopback literal', () => `https://127.0.0.1:${trap.port}/fax.pdf`, 'media_url_refused'],
    ['a name that resolves to loopback', () => `https://localhost:${trap.port}/fax.pdf`, 'media_url_refused'],
    ['an IPv4-mapped IPv6 literal', () => `https://[::ffff:127.0.0.1]:${trap.port}/fax.pdf`, 'media_url_refused'],
    ['a decimal IPv4', () => `https://2130706433:${trap.port}/fax.pdf`, 'media_url_refused'],
    ['a hexadecimal IPv4', () => `https://0x7f.1:${trap.port}/fax.pdf`, 'media_url_refused'],
    ['a redirect to loopback over http', () => `${trustedUrl}/redirect-http`, 'media_url_refused'],
    ['a redirect to a loopback name over https', () => `${trustedUrl}/redirect-https`, 'media_url_refused'],
    ['a file: URL', () => 'file:///etc/passwd', 'media_url_refused'],
    ['a data: URL', () => 'data:application/pdf;base64,JVBERi0xLjQK', 'media_url_refused'],
    ['a host the operator did not allow', () => 'https://example.com/fax.pdf', 'media_host_not_allowed'],
    ['a body that is not a PDF', () => `${trustedUrl}/not-a-pdf`, 'media_not_pdf'],
    ['a compressed body (never inflated)', () => `${trustedUrl}/gzip`, 'media_not_pdf'],
  ])('refuses %s at once: a failed outcome, no retry, no connection inward', async (_name, url, code) => {
    // Prepare
    const event = fax(url());
    const before = trap.connections();
    // Act
    const response = await postGeneric(stack, event);
    const outcome = await waitForOutcome(stack, 'demo', `generic:${event.providerEventId}`);
    // Assess
    expect(response.status).toBe(202);
    expect(outcome).toMatchObject({ status: 'failed', reason: code });
    expect(await stack.adapters.outcomes.lastRetry('demo', outcome.eventId)).toBeUndefined();
    expect(trap.connections()).toBe(before);
  });

  it('knows the address ranges media never comes from', () => {
    expect(
      [
        '127.0.0.1',
        '10.1.2.3',
        '172.20.0.1',
        '192.168.1.1',
        '169.254.169.254',
        '100.64.0.1',
        '0.0.0.0',
        '::1',
        '::ffff:127.0.0.1',
        'fd00::1',
        'fe80::1',
        '64:ff9b::7f00:1',
      ].filter(isPublicAddress),
    ).toEqual([]);
    expect(['8.8.8.8', '52.95.110.1', '2606:4700::1111'].every(isPublicAddress)).toBe(true);
  });

  it('stops reading a body past its bound, whatever Content-Length said', async () => {
    // Prepare: a trusted server that streams more than the bound without announcing it
    const big = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write(Buffer.alloc(64 * 1024, 0x25));
      res.end(Buffer.alloc(64 * 1024, 0x25));
    });
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(big.address() as AddressInfo).port}`;
    try {
      // Act
      const fetching = createHttpMediaFetcher({ trustedOrigins: [origin], maxBytes: 100_000 }).fetch(`${origin}/fax.pdf`, {
        provider: 'telnyx',
        tenantId: 'demo',
      });
      // Assess
      await expect(fetching).rejects.toMatchObject({ code: 'media_too_large' });
      await expect(fetching).rejects.toBeInstanceOf(PermanentError);
    } finally {
      await new Promise<void>((resolve) => big.close(() => resolve()));
    }
  });

  it("sends the tenant's media credentials to the URL they were given for, never to the origin a redirect names", async () => {
    // Prepare: the provider's host redirects to another host; both record the Authorization header they saw
    const seen: Record<string, string | undefined> = {};
    const listen = async (handler: Parameters<typeof createHttpServer>[1]) => {
      const server = createHttpServer(handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    };
    const storage = await listen((req, res) => {
      seen.storage = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(SAMPLE_FAX_PDF);
    });
    const provider = await listen((req, res) => {
      seen.provider = req.headers.authorization;
      res.writeHead(302, { location: `${storage.origin}/signed/fax.pdf` }).end();
    });
    const asked: string[] = [];
    const fetcher = createHttpMediaFetcher({
      trustedOrigins: [provider.origin, storage.origin],
      credentials: {
        authorization: (url, source) => Promise.resolve((asked.push(`${source.tenantId}:${source.provider}:${url.pathname}`), 'Bearer tenant-token')),
      },
    });
    try {
      // Act
      const media = await fetcher.fetch(`${provider.origin}/restapi/v1.0/content/1`, { provider: 'ringcentral', tenantId: 'firm-a' });
      // Assess
      expect(Buffer.from(media.bytes).subarray(0, 5).toString()).toBe('%PDF-');
      expect(asked).toEqual(['firm-a:ringcentral:/restapi/v1.0/content/1']);
      expect(seen).toEqual({ provider: 'Bearer tenant-token', storage: undefined });
    } finally {
      await Promise.all([provider, storage].map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
    }
  });

  it('asks once more, for a renewed token, when the provider refuses the one it was given, and gives up after that', async () => {
    // Prepare: the provider accepts only a token bought after the first one
    const seen: (string | undefined)[] = [];
    const server = createHttpServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization === 'Bearer renewed' && req.url === '/content/ok')
        res.writeHead(200, { 'content-type': 'application/pdf' }).end(SAMPLE_FAX_PDF);
      else res.writeHead(401).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const asked: string[] = [];
    const fetcher = createHttpMediaFetcher({
      trustedOrigins: [origin],
      credentials: {
        authorization: (_url, _source, options) =>
          Promise.resolve((asked.push(options?.renew ? 'renew' : 'first'), options?.renew ? 'Bearer renewed' : 'Bearer stale')),
      },
    });
    const source = { provider: 'zoom', tenantId: 'firm-a' } as const;
    try {
      // Act
      const media = await fetcher.fetch(`${origin}/content/ok`, source);
      const refused = fetcher.fetch(`${origin}/content/never`, source);
      // Assess
      expect(Buffer.from(media.bytes).subarray(0, 5).toString()).toBe('%PDF-');
      await expect(refused).rejects.toMatchObject({ code: 'media_unavailable' });
      expect(asked).toEqual(['first', 'renew', 'first', 'renew']);
      expect(seen).toEqual(['Bearer stale', 'Bearer renewed', 'Bearer stale', 'Bearer renewed']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
