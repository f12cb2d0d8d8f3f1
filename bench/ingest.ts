// Webhook acknowledgement: the ingest function on the local stack beside a handler that only answers 200, both
// served by the same local HTTP API adapter, so the ratio is the cost of verifying, deduplicating and queueing.
import { randomBytes } from 'node:crypto';
import { startHttpApi } from '../local/http-api.js';
import { UNLIMITED_FAIRNESS } from './stats.js';
import { startLocalStack } from '../local/stack.js';
import { sign, twilioForm } from '../local/signers/index.js';
import { twilioCallParams } from '../local/twilio-example.js';
import { runLoad, type LoadResult, type PreparedRequest } from './http-load.js';

export interface IngestFigures {
  readonly ingest: LoadResult;
  readonly bare: LoadResult;
  /** ingest ÷ bare for latencies, bare ÷ ingest for throughput: how many times slower the real handler is. */
  readonly ratio: { readonly p50: number; readonly p99: number; readonly throughput: number };
}

export interface IngestOptions {
  /** @default 2000 */
  readonly requests?: number;
  /** @default 8 */
  readonly concurrency?: number;
  /** Unmeasured requests first (JIT, connection pools, caches). @default 200 */
  readonly warmup?: number;
}

const ROUTE = 'POST /v1/tenants/{tenantId}/webhooks/{provider}';

/** Terminal Twilio voice status callbacks, each with its own CallSid, signed as Twilio signs them. */
const signedCalls = (publicBaseUrl: string, authToken: string, count: number): PreparedRequest[] => {
  const path = '/v1/tenants/demo/webhooks/twilio';
  return Array.from({ length: count }, () => {
    const params = twilioCallParams({ CallSid: `CA${randomBytes(16).toString('hex')}` });
    const signed = sign('twilio', authToken, { url: `${publicBaseUrl}${path}`, body: twilioForm(params) });
    return { path, headers: { ...signed.headers }, body: signed.body.toString('utf8') };
  });
};

/** Measures the ingest route against a bare 200 on the same adapter: same requests, same client, same process. */
export const measureIngest = async (options: IngestOptions = {}): Promise<IngestFigures> => {
  const { requests = 2000, concurrency = 8, warmup = 200 } = options;

  const stack = await startLocalStack({ fairness: UNLIMITED_FAIRNESS, processor: false, phoneIndexSyncEveryMs: 0 });
  let ingest: LoadResult;
  let prepared: PreparedRequest[];
  try {
    prepared = signedCalls(stack.config.publicBaseUrl, stack.demo.twilioAuthToken, warmup + requests);
    await runLoad(stack.url, prepared.slice(0, warmup), concurrency);
    ingest = await runLoad(stack.url, prepared.slice(warmup), concurrency);
  } finally {
    await stack.stop();
  }

  const api = await startHttpApi({ port: 0, host: '127.0.0.1' });
  let bare: LoadResult;
  try {
    api.setRoutes([
      {
        routeKey: ROUTE,
        functionName: 'bare',
        handler: () => Promise.resolve({ statusCode: 200, headers: { 'content-type': 'text/xml' }, body: '<Response/>' }),
      },
    ]);
    await runLoad(api.url, prepared.slice(0, warmup), concurrency);
    bare = await runLoad(api.url, prepared.slice(warmup), concurrency);
  } finally {
    await api.stop();
  }

  return {
    ingest,
    bare,
    ratio: { p50: ingest.p50Ms / bare.p50Ms, p99: ingest.p99Ms / bare.p99Ms, throughput: bare.requestsPerSecond / ingest.requestsPerSecond },
  };
};
