import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats.js';

/** One request, prepared (signed) before the clock starts. */
export interface PreparedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a load run measured: each request's time to its full answer, and the run's wall time. */
export interface LoadResult {
  readonly requests: number;
  readonly concurrency: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerSecond: number;
  /** Answers that were not 2xx (a run with any is not a valid measurement). */
  readonly failures: number;
}

/** POSTs one prepared request over `agent`; answers the status. */
export const post = (agent: Agent, origin: URL, req: PreparedRequest): Promise<number> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: origin.hostname,
        port: origin.port,
        method: 'POST',
        path: req.path,
        agent,
        headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });

/**
 * POSTs every request to `baseUrl` (loopback only), `concurrency` at a time over keep-alive connections, as a
 * provider's few webhook workers would. The latency of a request is from the moment it is sent to its last byte.
 */
export const runLoad = async (baseUrl: string, requests: readonly PreparedRequest[], concurrency: number): Promise<LoadResult> => {
  const origin = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(origin.hostname)) throw new Error(`The benchmark only calls loopback addresses, not ${origin.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const req = requests[next++];
      if (!req) break;
      const sent = performance.now();
      const status = await post(agent, origin, req);
      latencies.push(performance.now() - sent);
      if (status < 200 || status >= 300) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - started;
  agent.destroy();
  return {
    requests: requests.length,
    concurrency,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    requestsPerSecond: requests.length / (wallMs / 1000),
    failures,
  };
};
