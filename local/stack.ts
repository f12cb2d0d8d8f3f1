import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import type { AddressInfo } from 'node:net';
import { buildConsole } from '../console/build.js';
import { createAdminHandler } from '../lambdas/admin/create-handler.js';
import { ADMIN_ROUTES, WEBHOOK_ROUTE_PATH } from '../shared/http/routes.js';
import { createIngestHandler } from '../lambdas/ingest/create-handler.js';
import { createPhoneIndexSyncHandler } from '../lambdas/phone-index-sync/create-handler.js';
import { createProcessorHandler } from '../lambdas/processor/create-handler.js';
import { DEFAULT_MAX_ATTEMPTS } from '../shared/config/env.js';
import { createDependencies, type Dependencies, type RetryPolicy, type RuntimeConfig } from '../shared/config/wiring.js';
import type { Provider } from '../shared/domain/canonical-event.js';
import type { FairnessPolicy } from '../shared/domain/fairness.js';
import type { ClioApp } from '../shared/domain/clio-credentials.js';
import { hashKey } from '../shared/use-cases/admin-auth.js';
import { startClioSimulator, type ClioSim, type ClioSimOptions, type ClioSimSeed } from './clio-sim/server.js';
import { withCrashes } from './crash-injection.js';
import { startHttpApi } from './http-api.js';
import { createQueues, createTables } from './resources.js';
import { localContext } from './lambda-context.js';
import { startSecretsManagerFake } from './secrets-manager-fake.js';
import { startSqsPoller } from './sqs-poller.js';

/** The demo tenant's credentials: the stable local contract (`DEMO_*` variables), with documented defaults. */
export interface DemoCredentials {
  readonly twilioAuthToken: string;
  readonly clioAccessToken: string;
  readonly clioRefreshToken: string;
  /** The demo tenant's admin API key. */
  readonly adminKey: string;
  /** The demo tenant's secret for the generic signed route (Standard Webhooks, `whsec_…`). */
  readonly webhookSecret: string;
  /** Telnyx: base64 of the raw 32-byte Ed25519 public key, as the Telnyx portal shows it. */
  readonly telnyxPublicKey: string;
  readonly ringcentralToken: string;
  readonly zoomSecret: string;
  readonly dialpadSecret: string;
  readonly vonageSecret: string;
  /** The operator's admin API key (reaches every tenant). */
  readonly operatorKey: string;
}

export const DEMO_TENANT_ID = 'demo';

/** `npm start` waits less than a deployment for late callbacks of a call, so a demo call shows up quickly. */
export const LOCAL_CALL_SETTLE_SECONDS = 5;

/** Where `npm start` says how to reach its emulators (for `npm run dlq`), inside the data folder. */
export const LOCAL_STACK_FILE = 'local-stack.json';

export interface LocalStackInfo {
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly secretsManager: string };
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly outcomesTable: string;
}

/** The app's Clio OAuth credentials (`CLIO_CLIENT_ID` / `CLIO_CLIENT_SECRET`); the defaults are the simulator's. */
export const clioAppFromEnv = (env: NodeJS.ProcessEnv = process.env): ClioApp => ({
  clientId: env.CLIO_CLIENT_ID || 'call-connector-local',
  clientSecret: env.CLIO_CLIENT_SECRET || 'call-connector-local-secret',
});

export const demoCredentialsFromEnv = (env: NodeJS.ProcessEnv = process.env): DemoCredentials => ({
  twilioAuthToken: env.DEMO_TWILIO_AUTH_TOKEN || 'demo-twilio-token',
  clioAccessToken: env.DEMO_CLIO_ACCESS_TOKEN || 'demo-clio-access-token',
  clioRefreshToken: env.DEMO_CLIO_REFRESH_TOKEN || 'demo-clio-refresh-token',
  adminKey: env.DEMO_ADMIN_KEY || 'demo-admin-key',
  webhookSecret: env.DEMO_WEBHOOK_SECRET || 'whsec_ZGVtby13ZWJob29rLXNpZ25pbmctc2VjcmV0LTMyYnk=',
  // Its private key is in the README, so anyone can sign a Telnyx callback for the demo firm.
  telnyxPublicKey: env.DEMO_TELNYX_PUBLIC_KEY || 'gTu5FtxlViofgBkyl0mZI4ddZRMmqkOq9EBORVczlic=',
  ringcentralToken: env.DEMO_RINGCENTRAL_TOKEN || 'demo-ringcentral-verification-token',
  zoomSecret: env.DEMO_ZOOM_SECRET || 'demo-zoom-secret-token',
  dialpadSecret: env.DEMO_DIALPAD_SECRET || 'demo-dialpad-secret',
  vonageSecret: env.DEMO_VONAGE_SECRET || 'demo-vonage-signature-secret',
  operatorKey: env.OPERATOR_KEY || 'local-operator-key',
});

export interface LocalStackOptions {
  /** HTTP port of the API. @default 0 (ephemeral) */
  readonly port?: number;
  /** @default `http://127.0.0.1:<port>` */
  readonly publicBaseUrl?: string;
  /** Talk to this Clio instead of starting the simulator. */
  readonly clioBaseUrl?: string;
  /** Keep DynamoDB and SQS data here across restarts; in memory when absent. */
  readonly dataDir?: string;
  readonly demo?: DemoCredentials;
  /** @default the simulator's client (see {@link clioAppFromEnv}) */
  readonly clioApp?: ClioApp;
  /** Options for the in-process simulator (its seed defaults to the demo fixture). */
  readonly clioSim?: ClioSimOptions;
  /** How long a failed event waits before it is retried. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Attempts (deliveries that began processing) before the processor moves an event to the DLQ. @default 5 */
  readonly maxReceiveCount?: number;
  /** Run the processor on the queue; tests of the ingest alone turn it off to look at what was queued. @default true */
  readonly processor?: boolean;
  /** Processors polling the queue at once, like Lambda's concurrent invocations. @default 1 */
  readonly processors?: number;
  /** Told the records and duration of each processor invocation (benchmarks measure the processors' occupancy). */
  readonly onProcessorInvocation?: (records: number, ms: number) => void;
  /** Fault injection: when it answers true, a processor dies after its Clio writes, before recording the outcome. */
  readonly crashBeforeOutcome?: () => boolean;
  /** Backoff of failed events (see `RuntimeConfig`). @default { baseSeconds: 5, capSeconds: 300 } */
  readonly retry?: RetryPolicy;
  /** The longest in-invocation wait for a tenant's Clio window to reset (see `RuntimeConfig`). @default 5_000 */
  readonly clioMaxWaitMs?: number;
  /** How often the phone index sync job runs, as the schedule does in AWS; 0 turns it off. @default 60_000 */
  readonly phoneIndexSyncEveryMs?: number;
  /** @default 60_000 (as in Lambda); tests use 0 to see settings changes at once */
  readonly tenantCacheTtlMs?: number;
  /** How long an assembled call waits for its late callbacks (see `RuntimeConfig`). @default 20 */
  readonly callSettleSeconds?: number;
  /** Twilio's REST API (a local fake in tests). @default https://api.twilio.com */
  readonly twilioApiBaseUrl?: string;
  /** RingCentral's API (a local fake in tests); its origin is a trusted media origin. @default https://platform.ringcentral.com */
  readonly ringcentralApiBaseUrl?: string;
  /** Zoom's OAuth and download origin (a local fake in tests); a trusted media origin. @default Zoom's own */
  readonly zoomApiBaseUrl?: string;
  /** Vonage's file origin (a local fake in tests); a trusted media origin. @default Vonage's own */
  readonly vonageApiBaseUrl?: string;
  /** Exact origins of media servers on this machine whose media is fetched as it is (see `RuntimeConfig`). */
  readonly trustedMediaOrigins?: readonly string[];
  /** Hosts the generic route's media may come from (`MEDIA_ALLOWED_HOSTS`). @default none */
  readonly genericMediaHosts?: readonly string[];
  /** Each tenant's fair share of the main lane and its ceiling (`TENANT_FAIR_SHARE`). @default DEFAULT_FAIRNESS */
  readonly fairness?: FairnessPolicy;
}

export interface LocalStack {
  readonly url: string;
  readonly clioUrl: string;
  /** The in-process simulator, unless `clioBaseUrl` was given. */
  readonly clioSim?: ClioSim;
  readonly adapters: Dependencies;
  readonly config: RuntimeConfig;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** The overflow lane's queue (docs/fairness.md). */
  readonly overflowQueueUrl: string;
  readonly dlqUrl: string;
  readonly demo: DemoCredentials;
  stop(): Promise<void>;
}

const AWS = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export const loadDemoClioSeed = (): ClioSimSeed => JSON.parse(readFileSync(new URL('./fixtures/clio-demo.json', import.meta.url), 'utf8')) as ClioSimSeed;

/** Starts everything the product needs on this machine: emulators, the Clio simulator, the API and the processor. */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const demo = options.demo ?? demoCredentialsFromEnv({});
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}) });
  await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', resolve));
  const fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, ...(options.dataDir ? { dataDir: join(options.dataDir, 'sqs') } : {}) });
  const secretsFake = await startSecretsManagerFake();

  let clioSim: ClioSim | undefined;
  if (!options.clioBaseUrl) {
    const seed = options.clioSim?.seed ?? loadDemoClioSeed();
    const tokens = [...(seed.tokens ?? []), { access_token: demo.clioAccessToken, refresh_token: demo.clioRefreshToken, user_id: seed.users?.[0]?.id ?? 345 }];
    clioSim = await startClioSimulator({ ...options.clioSim, seed: { ...seed, tokens } });
  }
  const clioUrl = options.clioBaseUrl ?? clioSim?.url ?? '';
  const api = await startHttpApi({ port: options.port ?? 0, host: '127.0.0.1' });

  const endpoints = {
    dynamodb: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
    sqs: `http://127.0.0.1:${fauxqs.port}`,
    secretsManager: secretsFake.url,
  };
  const sqs = new SQSClient({ ...AWS, endpoint: endpoints.sqs, useQueueUrlAsEndpoint: false });
  const { queueUrl, dlqUrl, queueArn, overflowQueueUrl, overflowQueueArn } = await createQueues(sqs, {
    ...(options.visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }),
    maxAttempts: options.maxReceiveCount ?? DEFAULT_MAX_ATTEMPTS,
  });
  const trustedMediaOrigins = [
    ...(options.trustedMediaOrigins ?? []),
    ...[options.ringcentralApiBaseUrl, options.zoomApiBaseUrl, options.vonageApiBaseUrl].flatMap((base) => (base === undefined ? [] : [new URL(base).origin])),
  ];
  const config: RuntimeConfig = {
    tenantsTable: 'call-connector-tenants',
    outcomesTable: 'call-connector-outcomes',
    idempotencyTable: 'call-connector-idempotency',
    callStateTable: 'call-connector-call-state',
    phoneIndexTable: 'call-connector-phone-index',
    queueUrl,
    overflowQueueUrl,
    deadLetterQueueUrl: dlqUrl,
    maxAttempts: options.maxReceiveCount ?? DEFAULT_MAX_ATTEMPTS,
    ...(options.fairness ? { fairness: options.fairness } : {}),
    secretsPrefix: 'call-connector/local',
    publicBaseUrl: options.publicBaseUrl ?? api.url,
    clioBaseUrl: clioUrl,
    // The emulators answer from this process: a pause of it is not an AWS outage (docs/delivery.md).
    aws: { ...AWS, endpoints, timeoutMs: 30_000 },
    ...(options.tenantCacheTtlMs === undefined ? {} : { tenantCacheTtlMs: options.tenantCacheTtlMs }),
    secretMaxAgeSeconds: 5,
    ...(options.clioMaxWaitMs === undefined ? {} : { clioMaxWaitMs: options.clioMaxWaitMs }),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.callSettleSeconds === undefined ? {} : { callSettleSeconds: options.callSettleSeconds }),
    ...(options.twilioApiBaseUrl === undefined ? {} : { twilioApiBaseUrl: options.twilioApiBaseUrl }),
    ...(options.ringcentralApiBaseUrl === undefined ? {} : { ringcentralApiBaseUrl: options.ringcentralApiBaseUrl }),
    ...(options.zoomApiBaseUrl === undefined ? {} : { zoomApiBaseUrl: options.zoomApiBaseUrl }),
    ...(options.vonageApiBaseUrl === undefined ? {} : { vonageApiBaseUrl: options.vonageApiBaseUrl }),
    // A provider's API on this machine serves its media too (over http, on a loopback address).
    ...(trustedMediaOrigins.length === 0 ? {} : { trustedMediaOrigins }),
    ...(options.genericMediaHosts === undefined ? {} : { genericMediaHosts: options.genericMediaHosts }),
  };
  await createTables(new DynamoDBClient({ ...AWS, endpoint: endpoints.dynamodb }), config);

  const adapters = createDependencies(config);
  if (options.dataDir) {
    const info: LocalStackInfo = { endpoints, credentials: AWS.credentials, queueUrl, deadLetterQueueUrl: dlqUrl, outcomesTable: config.outcomesTable };
    writeFileSync(join(options.dataDir, LOCAL_STACK_FILE), JSON.stringify(info, null, 2));
  }
  // The demo firm keeps the settings an admin gave it across restarts; its keys follow the environment.
  const existing = await adapters.tenants.get(DEMO_TENANT_ID);
  await adapters.tenants.put({
    id: DEMO_TENANT_ID,
    name: 'Demo Law LLP',
    clioRegion: 'US',
    settings: existing?.overrides ?? {},
    adminKeyHash: hashKey(demo.adminKey),
    connection: { status: 'connected', since: new Date().toISOString() },
  });
  await adapters.secrets.putOperatorKey(demo.operatorKey);
  await adapters.secrets.putClioApp(options.clioApp ?? clioAppFromEnv({}));
  const providerSecrets: Record<Provider, string> = {
    twilio: demo.twilioAuthToken,
    telnyx: demo.telnyxPublicKey,
    ringcentral: demo.ringcentralToken,
    zoom: demo.zoomSecret,
    dialpad: demo.dialpadSecret,
    vonage: demo.vonageSecret,
    generic: demo.webhookSecret,
  };
  for (const [provider, secret] of Object.entries(providerSecrets) as [Provider, string][]) {
    await adapters.secrets.putProviderSecret(DEMO_TENANT_ID, provider, secret);
  }
  await adapters.secrets.putClioTokens(DEMO_TENANT_ID, { accessToken: demo.clioAccessToken, refreshToken: demo.clioRefreshToken });

  const admin = createAdminHandler(adapters, { consoleDir: await buildConsole() });
  const ingest = createIngestHandler(adapters);
  const handlers = { admin, ingest };
  api.setRoutes([
    // Every provider's route at once: the ingest answers an unknown provider itself.
    { routeKey: `POST ${WEBHOOK_ROUTE_PATH}`, functionName: 'ingest', handler: ingest },
    { routeKey: `GET ${WEBHOOK_ROUTE_PATH}`, functionName: 'ingest', handler: ingest },
    ...ADMIN_ROUTES.map((route) => ({ routeKey: `${route.method} ${route.path}`, functionName: route.handler, handler: handlers[route.handler] })),
  ]);
  // Each processor has its own adapters (caches, SDK clients), as separate Lambda containers would; the overflow lane
  // has one of its own, as its event source's smaller concurrency gives it in AWS.
  const processorOn = (lane: { queueUrl: string; queueArn: string }, i: number) => {
    const own = i === 0 ? adapters : createDependencies(config);
    const handler = options.crashBeforeOutcome ? withCrashes(own, options.crashBeforeOutcome, createProcessorHandler) : createProcessorHandler(own);
    return startSqsPoller({
      client: sqs,
      ...lane,
      handler,
      functionName: `processor-${i + 1}`,
      ...(options.onProcessorInvocation ? { onInvocation: options.onProcessorInvocation } : {}),
    });
  };
  const processors = options.processors ?? 1;
  const pollers =
    options.processor === false
      ? []
      : [
          ...Array.from({ length: processors }, (_, i) => processorOn({ queueUrl, queueArn }, i)),
          processorOn({ queueUrl: overflowQueueUrl, queueArn: overflowQueueArn }, processors),
        ];

  const syncJob = createPhoneIndexSyncHandler(adapters);
  const syncEvery = options.phoneIndexSyncEveryMs ?? 60_000;
  let syncRun = Promise.resolve();
  const syncTimer =
    syncEvery > 0
      ? setInterval(() => {
          syncRun = syncRun
            .then(() => syncJob({}, localContext('phone-index-sync', 50_000)))
            .then(
              () => undefined,
              (error: unknown) => console.error(error),
            );
        }, syncEvery)
      : undefined;

  return {
    url: api.url,
    clioUrl,
    ...(clioSim ? { clioSim } : {}),
    adapters,
    config,
    sqs,
    queueUrl,
    overflowQueueUrl,
    dlqUrl,
    demo,
    async stop() {
      clearInterval(syncTimer);
      await syncRun;
      await api.stop();
      await Promise.all(pollers.map((p) => p.stop()));
      await clioSim?.stop();
      await secretsFake.stop();
      await fauxqs.stop();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
};
