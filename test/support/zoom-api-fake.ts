import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Server-to-Server OAuth app: the account it belongs to, its client id and secret. */
export interface ZoomApp {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Zoom on this machine, the endpoints we use as Zoom documents them: `POST /oauth/token?grant_type=account_credentials
 * &account_id=…` with the app's Basic credentials (an hour's token, no refresh token), and the `download_url`s of
 * `phone.recording_completed` / `phone.voicemail_received` (`/v2/phone/recording/download/{id}`,
 * `/v2/phone/voice_mails/download/{id}`), answered only with a token it issued (401 otherwise, as Zoom answers).
 */
export const startZoomApiFake = async (app: ZoomApp, options: { expiresIn?: number } = {}) => {
  const files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const access = new Set<string>();
  const requests: { method: string; path: string; authorized: boolean }[] = [];
  let issued = 0;
  let tokenStatus: number | undefined;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://zoom');
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
      const valid =
        req.headers.authorization === basic &&
        url.searchParams.get('grant_type') === 'account_credentials' &&
        url.searchParams.get('account_id') === app.accountId;
      requests.push({ method: 'POST', path: url.pathname, authorized: valid });
      if (tokenStatus !== undefined) return answer(tokenStatus, { reason: 'Internal error' });
      if (req.headers.authorization !== basic) return answer(400, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
      if (url.searchParams.get('grant_type') !== 'account_credentials')
        return answer(400, { reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
      if (!valid) return answer(400, { reason: 'Invalid request : Account ID is invalid', error: 'invalid_request' });
      issued += 1;
      const token = `zoom-access-${issued}`;
      access.add(token);
      return answer(200, { access_token: token, token_type: 'bearer', expires_in: options.expiresIn ?? 3599, scope: 'phone:read:admin', api_url: url.origin });
    }
    const authorized = access.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    requests.push({ method: req.method ?? 'GET', path: url.pathname, authorized });
    const download = /^\/v2\/phone\/(?:recording|voice_mails)\/download\/([^/]+)$/.exec(url.pathname);
    if (!download) return answer(404, { code: 404, message: 'Not found' });
    if (!authorized) return answer(401, { code: 124, message: 'Invalid access token.' });
    const file = files.get(download[1] ?? '');
    if (!file) return answer(404, { code: 3301, message: 'File does not exist.' });
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.byteLength) });
    return res.end(file.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** A recording's or a voicemail's audio, by the id its `download_url` ends with. */
    addFile: (id: string, bytes: Uint8Array, contentType: string) => void files.set(id, { bytes, contentType }),
    /** The token endpoint answers this status (Zoom down), or as Zoom does again when undefined. */
    failTokens: (status: number | undefined) => {
      tokenStatus = status;
    },
    /** Every token issued so far stops working (as after the app was deactivated and activated again). */
    expireAccessTokens: () => access.clear(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
