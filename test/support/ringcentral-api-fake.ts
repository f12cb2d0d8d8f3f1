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

const readBody = (req: IncomingMessage) => new Promise<string>((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

/**
 * RingCentral's API on this machine, the endpoints we use as RingCentral documents them: `POST /restapi/oauth/token`
 * (JWT bearer and refresh token grants, the app's Basic credentials), a message-store record and an attachment's
 * content, both with the Bearer token only (401 otherwise, as RingCentral answers).
 */
export const startRingCentralApiFake = async (app: RingCentralApp, options: { expiresIn?: number } = {}) => {
  const messages = new Map<string, RingCentralMessage>();
  const contents = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const access = new Set<string>();
  const refresh = new Set<string>();
  const requests: { method: string; path: string; grant?: string; authorized: boolean }[] = [];
  let issued = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://ringcentral');
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && url.pathname === '/restapi/oauth/token') {
        const form = new URLSearchParams(await readBody(req));
        const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
        const grant = form.get('grant_type') ?? '';
        const valid = req.headers.authorization === basic && (
          (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && form.get('assertion') === app.jwt)
          || (grant === 'refresh_token' && refresh.delete(form.get('refresh_token') ?? '')));
        requests.push({ method: 'POST', path: url.pathname, grant, authorized: valid });
        if (req.headers.authorization !== basic) return answer(401, { error: 'invalid_client', errors: [{ errorCode: 'OAU-123', message: 'Invalid client' }] });
        if (!valid) return answer(400, { error: 'invalid_grant', errors: [{ errorCode: 'OAU-140', message: 'Invalid token' }] });
        issued += 1;
        const token = { access_token: `rc-access-${issued}`, refresh_token: `rc-refresh-${issued}` };
        access.add(token.access_token);
        refresh.add(token.refresh_token);
        return answer(200, { ...token, token_type: 'bearer', expires_in: options.expiresIn ?? 3600, refresh_token_expires_in: 604800, scope: 'ReadMessages', owner_id: '1001' });
      }
      const authorized = access.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      requests.push({ method: req.method ?? 'GET', path: url.pathname, authorized });
      const record = /^\/restapi\/v1\.0\/account\/[^/]+\/extension\/(\d+)\/message-store\/(\d+)$/.exec(url.pathname);
      const content = /^\/restapi\/v1\.0\/account\/[^/]+\/extension\/[^/]+\/message-store\/(\d+)\/content\/(\d+)$/.exec(url.pathname);
      if (!record && !content) return answer(404, { errorCode: 'CMN-102', message: 'Resource not found' });
      if (!authorized) return answer(401, { errorCode: 'AGW-401', message: 'Authorization header is not specified' });
      if (record) {
        const message = messages.get(`${record[1]}/${record[2]}`);
        return message ? answer(200, { uri: `${url.origin}${url.pathname}`, availability: 'Alive', readStatus: 'Read', ...message }) : answer(404, { errorCode: 'MSG-301', message: 'Message not found' });
      }
      const media = contents.get(content?.[2] ?? '');
      if (!media) return answer(404, { errorCode: 'MSG-301', message: 'Attachment not found' });
      res.writeHead(200, { 'content-type': media.contentType, 'content-length': String(media.bytes.byteLength) });
      return res.end(media.bytes);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** A message in an extension's message store. */
    addMessage: (extensionId: string, message: RingCentralMessage) => void messages.set(`${extensionId}/${message.id}`, message),
    /** An attachment's bytes, by attachment id. */
    addContent: (attachmentId: string, bytes: Uint8Array, contentType: string) => void contents.set(attachmentId, { bytes, contentType }),
    /** Every access token issued so far stops working (as after RingCentral revoked or expired them). */
    expireAccessTokens: () => access.clear(),
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
};
