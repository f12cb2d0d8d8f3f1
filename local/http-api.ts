import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { localContext } from './lambda-context.js';

export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A route as API Gateway declares it: `POST /v1/tenants/{tenantId}/webhooks/{provider}`. */
export interface LocalRoute {
  readonly routeKey: string;
  readonly functionName: string;
  readonly handler: HttpApiHandler;
}

const compile = (routeKey: string): { method: string; pattern: RegExp; names: string[] } => {
  const [method = '', path = ''] = routeKey.split(' ');
  const names: string[] = [];
  // `{name}` is one path segment; `{name+}` (a greedy proxy parameter) the rest of the path.
  const source = path.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    names.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), names };
};

// Concatenated, not resolved: a request line such as `//` is a path here, not a scheme-relative URL.
const requestUrl = (req: IncomingMessage): URL => new URL(`http://local${req.url ?? '/'}`);

const decoded = (value: string): string | undefined => {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
};

const toEvent = (req: IncomingMessage, body: Buffer, routeKey: string, pathParameters: Record<string, string>): APIGatewayProxyEventV2 => {
  const url = requestUrl(req);
  const { cookie, ...headers } = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]));
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    // As API Gateway does: the Cookie header arrives as `cookies`, one entry per cookie, and not among the headers.
    ...(cookie ? { cookies: cookie.split(/;\s*/).filter(Boolean) } : {}),
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
};

export interface LocalHttpApi {
  readonly url: string;
  readonly port: number;
  /** Routes are attached once the port is known (the handlers need the public URL). */
  setRoutes(routes: readonly LocalRoute[]): void;
  stop(): Promise<void>;
}

/** Serves HTTP-API-v2 handlers over plain HTTP, the way API Gateway would invoke them. */
export const startHttpApi = async (options: { port: number; host: string }): Promise<LocalHttpApi> => {
  let compiled: { route: LocalRoute; method: string; pattern: RegExp; names: string[] }[] = [];
  // The port is known once it listens, and the handlers need it (their public URL): a request that comes before
  // the routes are attached waits for them instead of finding no route.
  let attached: () => void = () => undefined;
  const routesAttached = new Promise<void>((resolve) => {
    attached = resolve;
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on(
      'end',
      () =>
        void routesAttached.then(() => {
          const answer = (status: number, code: string, message: string) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { code, message } }));
          };
          const path = requestUrl(req).pathname;
          // First match wins, as the most specific route is listed first.
          const match = compiled.map((c) => ({ c, m: c.method === req.method || c.method === 'ANY' ? c.pattern.exec(path) : null })).find((x) => x.m);
          if (!match?.m) return answer(404, 'not_found', `No route for ${req.method} ${path}`);
          const values = match.c.names.map((_, i) => decoded(match.m?.[i + 1] ?? ''));
          if (values.some((v) => v === undefined)) return answer(400, 'bad_request', 'The path is not valid percent-encoding');
          const params = Object.fromEntries(match.c.names.map((name, i) => [name, values[i] ?? '']));
          match.c.route
            .handler(toEvent(req, Buffer.concat(chunks), match.c.route.routeKey, params), localContext(match.c.route.functionName))
            .then((result) => {
              res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string> | undefined);
              res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
            })
            .catch((error: unknown) => {
              // What API Gateway answers when the function itself fails.
              console.error(error);
              res.writeHead(500, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ message: 'Internal Server Error' }));
            });
        }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    port,
    setRoutes: (routes) => {
      compiled = routes.map((route) => ({ route, ...compile(route.routeKey) }));
      attached();
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
