import { request as httpRequest, Agent } from 'node:http';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type fc from 'fast-check';
import type { LocalStack } from '../../local/stack.js';
import { canonicalEventSchema } from '../../shared/domain/canonical-event.js';

/** Cases per property: 100 inside `npm test`; `npm run fuzz` sets `FUZZ_RUNS` much higher. */
export const FUZZ_RUNS = Math.max(1, Math.floor(Number(process.env.FUZZ_RUNS)) || 100);

/** fast-check parameters for every property; `FUZZ_SEED` replays the run a failure printed. */
export const fuzzParameters = <T>(): fc.Parameters<T> => ({
  numRuns: FUZZ_RUNS,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

/** A jest timeout for one property, growing with its number of cases (and leaving room to shrink a failure). */
export const fuzzTimeout = (msPerRun = 40): number => 60_000 + FUZZ_RUNS * msPerRun;

/** A request exactly as the fuzzer built it: any path, any header set, any bytes. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

// One connection pool per test file, as a provider keeps its connections open.
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/**
 * Sends a request with node:http rather than fetch: fetch resolves `..` in paths, refuses a body on GET and
 * rewrites some headers, which would hide exactly the inputs we want to reach the server.
 */
export const send = (stack: LocalStack, req: RawRequest): Promise<RawResponse> => {
  const { hostname, port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: hostname, port, method: req.method, path: req.path, headers: { ...req.headers, 'content-length': String(req.body.length) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`No answer within 10 s to ${req.method} ${req.path}`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
};

/** Closes the pooled connections (call in afterAll, before the stack stops). */
export const closeConnections = (): void => agent.destroy();

/** Never a 5xx; every error answers JSON `{ "error": { "code", "message" } }`. */
export const expectWellFormed = (response: RawResponse, req: Pick<RawRequest, 'method' | 'path'>): void => {
  const where = `${req.method} ${req.path} → ${response.status} ${response.text.slice(0, 300)}`;
  if (response.status >= 500) throw new Error(`5xx: ${where}`);
  if (response.status < 400 || req.method === 'HEAD') return;
  if (!response.contentType.startsWith('application/json')) throw new Error(`error without a JSON content type: ${where}`);
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    throw new Error(`error body is not JSON: ${where}`);
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || !error.code) {
    throw new Error(`error body is not { error: { code, message } }: ${where}`);
  }
};

/** Messages in the queue, in flight or delayed: with the processor off, anything queued is still there. */
export const queueDepth = async (stack: LocalStack): Promise<number> => {
  const { Attributes = {} } = await stack.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: stack.queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].reduce(
    (sum, name) => sum + Number(Attributes[name as keyof typeof Attributes] ?? 0),
    0,
  );
};

/** Fails on the first queued message that is not a canonical event (the processor would send it to the DLQ), deleting each. */
export const drainValidEvents = async (stack: LocalStack): Promise<number> => {
  let seen = 0;
  for (;;) {
    const { Messages = [] } = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) break;
    // Deleted, not purged (a FIFO queue hides the rest of a group while one of its messages is in flight), and
    // before checking, so a bad one does not haunt the next cases.
    await stack.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: stack.queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }),
    );
    for (const message of Messages) {
      const parsed = canonicalEventSchema.safeParse(JSON.parse(message.Body ?? ''));
      if (!parsed.success) throw new Error(`queued a message that is not a canonical event: ${parsed.error.message}\n${message.Body?.slice(0, 500)}`);
    }
    seen += Messages.length;
  }
  return seen;
};
