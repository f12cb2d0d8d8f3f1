import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Message resource as Twilio's REST API answers it (the fields we read, and a few beside them). */
export interface TwilioMessage {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly status: string;
  readonly direction: string;
  readonly num_media: string;
}

/**
 * Twilio's REST API on this machine, as far as we read it: `GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json`
 * and a recording's media (`…/Recordings/{Sid}`, WAV, as an account that enforces HTTP auth on media serves it):
 * Basic auth with the account sid and its auth token (401 otherwise, as Twilio answers), 404 for what it does not hold.
 */
export const startTwilioApiFake = async (accounts: Readonly<Record<string, string>>) => {
  const messages = new Map<string, TwilioMessage>();
  const recordings = new Map<string, Buffer>();
  const requests: { path: string; authorized: boolean }[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://twilio').pathname;
    const match = /^\/2010-04-01\/Accounts\/(AC\w+)\/(Messages|Recordings)\/(\w+?)(\.json|\.wav)?$/.exec(path);
    const [user, token] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString('utf8')
      .split(':');
    const authorized = match !== null && user === match[1] && accounts[user ?? ''] !== undefined && accounts[user ?? ''] === token;
    requests.push({ path: req.url ?? '', authorized });
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const notFound = () => answer(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    if (!match) return notFound();
    if (!authorized) return answer(401, { code: 20003, message: 'Authenticate', status: 401 });
    const key = `${match[1]}/${match[3]}`;
    if (match[2] === 'Recordings') {
      const audio = recordings.get(key);
      if (!audio) return notFound();
      res.writeHead(200, { 'content-type': 'audio/x-wav', 'content-length': String(audio.length) });
      return res.end(audio);
    }
    const message = messages.get(key);
    return message ? answer(200, { account_sid: match[1], api_version: '2010-04-01', ...message }) : notFound();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addMessage: (accountSid: string, message: TwilioMessage) => void messages.set(`${accountSid}/${message.sid}`, message),
    addRecording: (accountSid: string, sid: string, audio: Buffer) => void recordings.set(`${accountSid}/${sid}`, audio),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
