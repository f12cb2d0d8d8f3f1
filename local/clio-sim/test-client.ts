/**
 * A tiny HTTP helper for tests that talk to the simulator directly (not through the product's client).
 */

/** A parsed reply: status, JSON body (undefined when empty) and headers. */
export interface SimReply {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Request options: `token: null` sends no Authorization header. */
export type SimRequestInit = RequestInit & { token?: string | null };

/** Calls the simulator with a bearer token and parses the JSON answer. */
export interface SimClient {
  call(path: string, init?: SimRequestInit): Promise<SimReply>;
  get(path: string, headers?: Record<string, string>): Promise<SimReply>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<SimReply>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<SimReply>;
  delete(path: string): Promise<SimReply>;
  /** `POST /__sim/…` with a JSON body (no auth). */
  control(path: string, body?: unknown): Promise<SimReply>;
  /** Just the status (body read and ignored), or `'no-response'` if the fetch failed (chaos `drop`, a timeout). */
  attempt(path: string, init?: SimRequestInit): Promise<number | 'no-response'>;
}

/** A client for the simulator at `baseUrl` using `token` (default: the demo fixture's token). */
export function simClient(baseUrl: string, token = 'demo-clio-access-token'): SimClient {
  const request = (path: string, init: SimRequestInit): Promise<Response> => {
    const headers = new Headers(init.headers);
    const bearer = init.token === undefined ? token : init.token;
    if (bearer !== null) headers.set('Authorization', `Bearer ${bearer}`);
    if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${baseUrl}${path}`, { ...init, headers });
  };
  const call = async (path: string, init: SimRequestInit = {}): Promise<SimReply> => {
    const response = await request(path, init);
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
  };
  const send =
    (method: string) =>
    (path: string, body: unknown, headers: Record<string, string> = {}): Promise<SimReply> =>
      call(path, { method, body: JSON.stringify(body), headers });
  return {
    call,
    get: (path, headers = {}) => call(path, { headers }),
    post: send('POST'),
    patch: send('PATCH'),
    delete: (path) => call(path, { method: 'DELETE' }),
    attempt: async (path, init = {}) => {
      try {
        const response = await request(path, init);
        await response.arrayBuffer();
        return response.status;
      } catch {
        return 'no-response';
      }
    },
    control: (path, body) => call(`/__sim${path}`, { method: 'POST', token: null, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
  };
}

/** `body.data` of a reply, typed by the caller. */
export function dataOf<T>(reply: SimReply): T {
  return (reply.body as { data: T }).data;
}
