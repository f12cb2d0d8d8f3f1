import type { LocalStack } from '../../local/stack.js';

/** A Clio connection walked as a browser would, up to Clio's redirect back to our callback. */
export interface ConnectWalk {
  /** Our answer to `GET …/clio/connect` with the bearer key: a 302 to our start link. */
  readonly connect: Response;
  /** Our answer to the start link: a 302 to Clio, with the cookie that binds this browser. */
  readonly started: Response;
  readonly authorize: URL;
  readonly callbackUrl: string;
  /** The binding cookie as this browser sends it back (`name=value`). */
  readonly cookie: string;
}

/** The `name=value` of a response's `Set-Cookie`. */
export const cookieOf = (response: Response): string => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

/** The curl flow: the key asks for a link, a browser opens it and consents at Clio (as `userId` when given). */
export const walkToCallback = async (
  stack: LocalStack,
  tenantId: string,
  adminKey: string,
  options: { readonly userId?: number } = {},
): Promise<ConnectWalk> => {
  const connect = await fetch(`${stack.url}/v1/tenants/${tenantId}/clio/connect`, { headers: { authorization: `Bearer ${adminKey}` }, redirect: 'manual' });
  // The start link is opened in a browser signed in to the firm's console.
  const session = cookieOf(
    await fetch(`${stack.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ adminKey }) }),
  );
  const started = await fetch(connect.headers.get('location') ?? '', { headers: { cookie: session }, redirect: 'manual' });
  const authorize = new URL(started.headers.get('location') ?? '');
  // The simulator approves as this user (a simulator extra, as a person signed in to Clio as them would).
  if (options.userId !== undefined) authorize.searchParams.set('user_id', String(options.userId));
  const consent = await fetch(authorize, { redirect: 'manual' });
  return { connect, started, authorize, callbackUrl: consent.headers.get('location') ?? '', cookie: cookieOf(started) };
};

/** Clio's redirect back, in the browser that started the flow (its cookie) or another (none). */
export const openCallback = (walk: ConnectWalk, cookie: string | undefined = walk.cookie): Promise<Response> =>
  fetch(walk.callbackUrl, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
