import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

/** A Vonage application: its id and the key pair Vonage generates for it (the firm keeps the private key). */
export interface VonageApp {
  readonly applicationId: string;
  readonly privateKey: string;
  readonly publicKey: KeyObject;
}

/** A new application with a 2048-bit RSA key, as the Vonage dashboard generates one. */
export const aVonageApp = (applicationId = 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab'): VonageApp => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { applicationId, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
};

/**
 * Vonage's file store on this machine: `GET /v1/files/{uuid}` (a recording's `recording_url`), answered only with
 * `Authorization: Bearer <JWT>` signed RS256 by the application's private key, its `application_id`, `iat`, `jti`
 * and an `exp` still ahead (401 otherwise, as Vonage answers).
 */
export const startVonageFilesFake = async (app: VonageApp) => {
  const files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const requests: { path: string; authorized: boolean; claims?: Record<string, unknown> }[] = [];

  const verified = async (authorization: string | undefined): Promise<Record<string, unknown> | undefined> => {
    const jwt = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!jwt) return undefined;
    try {
      const { payload } = await jwtVerify(jwt, app.publicKey, { algorithms: ['RS256'], requiredClaims: ['iat', 'jti', 'exp'] });
      return payload['application_id'] === app.applicationId ? payload : undefined;
    } catch {
      return undefined;
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://vonage');
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      req.resume();
      const claims = await verified(req.headers.authorization);
      requests.push({ path: url.pathname, authorized: claims !== undefined, ...(claims ? { claims } : {}) });
      const file = /^\/v1\/files\/([A-Za-z0-9-]+)$/.exec(url.pathname);
      if (!file) return answer(404, { type: 'https://developer.nexmo.com/api-errors#not-found', title: 'Not found' });
      if (!claims) return answer(401, { type: 'https://developer.nexmo.com/api-errors#unauthorized', title: 'Invalid Token' });
      const stored = files.get(file[1] ?? '');
      if (!stored) return answer(404, { type: 'https://developer.nexmo.com/api-errors#not-found', title: 'File not found' });
      res.writeHead(200, { 'content-type': stored.contentType, 'content-length': String(stored.bytes.byteLength) });
      return res.end(stored.bytes);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** A recording's audio, by the uuid its `recording_url` ends with. */
    addFile: (uuid: string, bytes: Uint8Array, contentType: string) => void files.set(uuid, { bytes, contentType }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
