import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCoreDependencies, type RuntimeConfig } from '../../../shared/config/core-wiring.js';

/** An AWS endpoint that reads every request and answers it (an empty DynamoDB answer) after `answerAfterMs`, or never. */
const endpointAnswering = async (answerAfterMs?: number): Promise<{ server: Server; url: string; requests: () => number }> => {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    if (answerAfterMs === undefined) return;
    setTimeout(() => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}'), answerAfterMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
};

const configFor = (url: string, timeoutMs?: number): RuntimeConfig => ({
  tenantsTable: 'tenants',
  outcomesTable: 'outcomes',
  idempotencyTable: 'idempotency',
  callStateTable: 'call-state',
  phoneIndexTable: 'phone-index',
  queueUrl: `${url}/000000000000/events.fifo`,
  secretsPrefix: 'call-connector/test',
  publicBaseUrl: 'https://calls.example',
  aws: {
    region: 'us-east-1',
    endpoints: { dynamodb: url, sqs: url, secretsManager: url },
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  },
});

describe('an AWS call that is answered late or never (docs/delivery.md)', () => {
  let endpoint: Awaited<ReturnType<typeof endpointAnswering>> | undefined;
  afterEach(async () => {
    const server = endpoint?.server;
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  it('fails inside the invocation after two attempts (each ended by a deadline of seconds), instead of waiting for Lambda to end it', async () => {
    endpoint = await endpointAnswering();
    const { tenants } = createCoreDependencies(configFor(endpoint.url));
    await expect(tenants.get('firm')).rejects.toThrow();
    expect(endpoint.requests()).toBe(2);
  }, 15_000);

  it('is waited for as long as the local stack allows its emulators, and sent once', async () => {
    endpoint = await endpointAnswering(3_000);
    const { tenants } = createCoreDependencies(configFor(endpoint.url, 10_000));
    await expect(tenants.get('firm')).resolves.toBeUndefined();
    expect(endpoint.requests()).toBe(1);
  }, 15_000);
});
