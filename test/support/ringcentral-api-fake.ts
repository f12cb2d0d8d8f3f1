import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The app and user a firm connects with: the app's client id and secret, and the user's JWT credential. */
export interface RingCentralApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly jwt: string;
}

/** A message-store record as `GET …/message-store/{messageId}` answers it (the fields we read, and a few beside them). */
export interface RingCentralMessage {
  readonly id: string;
  readonly type: string;
  readonly direction: 'Inbound' | 'Outbound';
  readonly from?: { readonly phoneNumber?: string; readonly name?: string };
  readonly to?: readonly { readonly phoneNumber?: string; readonly name?: string }[];
  readonly subject?: string;
  readonly messageStatus?: string;
  readonly creationTime?: string;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/**
 * RingCentral's API on this machine, the endpoints we use as RingCentral documents them: `POST /restapi/oauth/token`
 * (JWT bearer and refresh token grants, the app's Basic credentials), a message-store record, an attachment's content
 * and a call recording's content, all with the Bearer token only (401 otherwise, as RingCentral answers). As RingCentral
 * serves media from `media.ringcentral.com` beside `platform.ringcentral.com`, content is served on a second origin
 * (`mediaUrl`, another port) as well as on the first.
 */
export const startRingCentralApiFake = async (app: RingCentralApp, options: { expiresIn?: number } = {}) => {
  const messages = new Map<string, RingCentralMessage>();
  const contents = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const access = new Set<string>();
  const refresh = new Set<string>();
  const requests: { method: string; path: string; origin: 'platform' | 'media'; grant?: string; authorized: boolean }[] = [];
  /** Answers the next message-store reads get instead of the record (a RingCentral outage). */
  const failures: number[] = [];
  let issued = 0;

  const serve = (origin: 'platform' | 'media') =>
    createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://ringcentral');
        const answer = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (origin === 'platform' && req.method === 'POST' && url.pathname === '/restapi/oauth/token') {
          const form = new URLSearchParams(await readBody(req));
          const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
          const grant = form.get('grant_type') ?? '';
          const valid =
            req.headers.authorization === basic &&
            ((grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && form.get('assertion') === app.jwt) ||
              (grant === 'refresh_token' && refresh.delete(form.get('refresh_token') ?? '')));
          requests.push({ method: 'POST', path: url.pathname, origin, grant, authorized: valid });
          if (req.headers.authorization !== basic)
            return answer(401, { error: 'invalid_client', errors: [{ errorCode: 'OAU-123', message: 'Invalid client' }] });
          if (!valid) return answer(400, { error: 'invalid_grant', errors: [{ errorCode: 'OAU-140', message: 'Invalid token' }] });
          issued += 1;
          const token = { access_token: `rc-access-${issued}`, refresh_token: `rc-refresh-${issued}` };
          access.add(token.access_token);
          refresh.add(token.refresh_token);
          return answer(200, {
            ...token,
            token_type: 'bearer',
            expires_in: options.expiresIn ?? 3600,
            refresh_token_expires_in: 604800,
            scope: 'ReadMessages',
            owner_id: '1001',
          });
        }
        const authorized = access.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));
        requests.push({ method: req.method ?? 'GET', path: url.pathname, origin, authorized });
        const record = origin === 'platform' ? /^\/restapi\/v1\.0\/account\/[^/]+\/extension\/(\d+)\/message-store\/(\d+)$/.exec(url.pathname) : null;
        const content = /^\/restapi\/v1\.0\/account\/[^/]+\/(?:extension\/[^/]+\/message-store\/\d+\/content|recording)\/(\d+)(?:\/content)?$/.exec(
          url.pathname,
        );
        if (!record && !content) return answer(404, { errorCode: 'CMN-102', message: 'Resource not found' });
        if (!authorized) return answer(401, { errorCode: 'AGW-401', message: 'Authorization header is not specified' });
        if (record) {
          const failure = failures.shift();
          if (failure !== undefined) return answer(failure, { errorCode: 'CMN-211', message: 'Service temporarily unavailable' });
          const message = messages.get(`${record[1]}/${record[2]}`);
          return message
            ? answer(200, { uri: `${url.origin}${url.pathname}`, availability: 'Alive', readStatus: 'Read', ...message })
            : answer(404, { errorCode: 'MSG-301', message: 'Message not found' });
        }
        const media = contents.get(content?.[1] ?? '');
        if (!media) return answer(404, { errorCode: 'MSG-301', message: 'Attachment not found' });
        res.writeHead(200, { 'content-type': media.contentType, 'content-length': String(media.bytes.byteLength) });
        return res.end(media.bytes);
      })();
    });
  const servers = [serve('platform'), serve('media')];
  const ports = await Promise.all(
    servers.map((server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))),
  );
  return {
    url: `http://127.0.0.1:${ports[0] ?? 0}`,
    /** The media origin (RingCentral's `media.ringcentral.com`): attachments and recordings only. */
    mediaUrl: `http://127.0.0.1:${ports[1] ?? 0}`,
    requests,
    /** A message in an extension's message store. */
    addMessage: (extensionId: string, message: RingCentralMessage) => void messages.set(`${extensionId}/${message.id}`, message),
    /** An attachment's or a recording's bytes, by its id. */
    addContent: (attachmentId: string, bytes: Uint8Array, contentType: string) => void contents.set(attachmentId, { bytes, contentType }),
    /** The next message-store reads are answered with these statuses (503, 429…), one each. */
    failReads: (...statuses: number[]) => void failures.push(...statuses),
    /** Every access token issued so far stops working (as after RingCentral revoked or expired them). */
    expireAccessTokens: () => access.clear(),
    stop: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
};
