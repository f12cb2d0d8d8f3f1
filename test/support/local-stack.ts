import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Outcome } from '../../shared/domain/outcome.js';
import type { SettingsPatch } from '../../shared/domain/settings.js';
import type { ClioSimState } from '../../local/clio-sim/server.js';
import { deliver, sign, twilioForm } from '../../local/signers/index.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.js';
import { sleep } from './waits.js';

/**
 * A local stack for one test file: fresh settings on every read, quick retries (1–4 s backoff), calls that settle
 * in a second, and a Clio rate
 * limit no test file reaches unless it sets its own.
 */
export const startTestStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const stack = await startLocalStack({
    tenantCacheTtlMs: 0,
    visibilityTimeoutSeconds: 2,
    retry: { baseSeconds: 1, capSeconds: 4 },
    callSettleSeconds: 1,
    clioSim: { rateLimit: { limit: 10_000, windowMs: 60_000 } },
    // A suite sends one firm's callbacks far faster than any firm does: each firm's fair share is lifted, so every
    // event takes the main lane, unless a suite about fairness sets its own (test/security/fairness.test.ts).
    fairness: { windowSeconds: 10, fairShare: 1_000_000, ceiling: 1_000_000 },
    ...options,
  });
  return {
    ...stack,
    /**
     * Stops the stack, and fails the test file if any request our code made to the simulator was not one
     * Clio's OpenAPI spec describes (path, method and parameter names): every suite checks our client.
     */
    async stop() {
      const invalid = stack.clioSim?.state().requests.filter((r) => !r.validated) ?? [];
      await stack.stop();
      if (invalid.length > 0)
        throw new Error(`Requests outside Clio's spec: ${invalid.map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query).toString()}`).join('; ')}`);
    },
  };
};

let sequence = 0;
/** A Twilio-looking unique sid (34 characters). */
export const sid = (prefix: 'CA' | 'SM' | 'RE'): string => `${prefix}${`${Date.now().toString(16)}${(sequence++).toString(16)}`.padStart(32, '0')}`;

/** Creates a tenant with its own settings and Twilio auth token. */
export const addTenant = async (stack: LocalStack, id: string, settings: SettingsPatch, twilioAuthToken = `${id}-token`): Promise<void> => {
  await stack.adapters.tenants.put({ id, name: `Firm ${id}`, clioRegion: 'US', settings });
  await stack.adapters.secrets.putProviderSecret(id, 'twilio', twilioAuthToken);
  await stack.adapters.secrets.putClioTokens(id, { accessToken: stack.demo.clioAccessToken });
};

export interface PostOptions {
  readonly tenantId?: string;
  readonly authToken?: string;
  readonly signature?: string;
}

/** Posts a form-encoded Twilio callback, signed by the `twilio` package as Twilio signs it. */
export const postTwilio = async (stack: LocalStack, params: Record<string, string>, options: PostOptions = {}): Promise<Response> => {
  const url = `${stack.url}/v1/tenants/${options.tenantId ?? 'demo'}/webhooks/twilio`;
  const signed = sign('twilio', options.authToken ?? stack.demo.twilioAuthToken, { url, body: twilioForm(params) });
  return deliver(options.signature === undefined ? signed : { ...signed, headers: { ...signed.headers, 'x-twilio-signature': options.signature } });
};

/** A document client of the stack's DynamoDB emulator, for a test to read or stage items the adapters do not. */
export const emulatorDocuments = (stack: LocalStack): DynamoDBDocumentClient => {
  const aws = stack.config.aws;
  if (!aws) throw new Error('The local stack runs on emulators');
  return DynamoDBDocumentClient.from(new DynamoDBClient({ region: aws.region, endpoint: aws.endpoints.dynamodb, credentials: aws.credentials }));
};

/** Waits for the event's outcome to be recorded. */
export const waitForOutcome = async (stack: LocalStack, tenantId: string, eventId: string, timeoutMs = 15_000): Promise<Outcome> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const outcome = await stack.adapters.outcomes.get(tenantId, eventId);
    if (outcome) return outcome;
    await sleep(50);
  }
  throw new Error(`No outcome for ${tenantId}/${eventId} within ${timeoutMs} ms`);
};

/** Lets the poller drain whatever was queued, then checks the event still has no outcome. */
export const expectNoOutcome = async (stack: LocalStack, tenantId: string, eventId: string): Promise<void> => {
  await sleep(1500);
  expect(await stack.adapters.outcomes.get(tenantId, eventId)).toBeUndefined();
};

export const simState = (stack: LocalStack): ClioSimState => {
  if (!stack.clioSim) throw new Error('This stack runs without the Clio simulator');
  return stack.clioSim.state();
};

/** The Communications written for one of our events (found by our external property). */
export const communicationsFor = (stack: LocalStack, eventId: string) =>
  simState(stack).communications.filter((c) => c.external_properties.some((p) => p.value === eventId));
