// (use case: the tenant admin API) --> tenants, secrets, outcomes, queue
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { PROVIDERS, providerSchema } from '../domain/canonical-event.js';
import { invalidInput, RefusedError, RetryableError, unknownTenant } from '../domain/errors.js';
import { accepted, created, done, ok, type Reply } from '../domain/reply.js';
import type { Outcome } from '../domain/outcome.js';
import { mergeSettings, settingsPatchSchema, settingsSchema } from '../domain/settings.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import type { Clock } from '../ports/clock.js';
import type { DedupStore } from '../ports/dedup-store.js';
import type { EventQueue } from '../ports/event-queue.js';
import type { OutcomeLog } from '../ports/outcome-log.js';
import type { SecretStore } from '../ports/secret-store.js';
import { CLIO_REGIONS, type Tenant } from '../domain/tenant.js';
import type { TenantStore } from '../ports/tenant-store.js';
import { logger } from '../observability/logger.js';
import { hashKey, newAdminKey } from './admin-auth.js';

/** Saves a tenant's RingCentral connection once RingCentral has accepted its credentials. */
export interface RingCentralConnector {
  /** @throws when RingCentral did not answer */
  connect(tenantId: string, credentials: { readonly clientId: string; readonly clientSecret: string; readonly jwt: string }): Promise<'connected' | 'refused'>;
}

/** Saves a tenant's Zoom connection once Zoom has issued a token for its credentials. */
export interface ZoomConnector {
  /** @throws when Zoom did not answer */
  connect(
    tenantId: string,
    credentials: { readonly accountId: string; readonly clientId: string; readonly clientSecret: string },
  ): Promise<'connected' | 'refused'>;
}

/** Saves a tenant's Vonage application id and private key when the key is one we can sign with. */
export interface VonageConnector {
  connect(tenantId: string, connection: { readonly applicationId: string; readonly privateKey: string }): Promise<'connected' | 'invalid_key'>;
}

export interface AdminDeps {
  readonly tenants: TenantStore;
  readonly ringcentral: RingCentralConnector;
  readonly zoom: ZoomConnector;
  readonly vonage: VonageConnector;
  readonly secrets: SecretStore;
  readonly outcomes: OutcomeLog;
  /** Read by nothing here: a tenant's deletion purges them. */
  readonly callState: CallStateStore;
  readonly dedup: DedupStore;
  readonly queue: EventQueue;
  readonly publicBaseUrl: string;
  readonly clock: Clock;
}

export const webhookUrls = (base: string, tenantId: string) =>
  Object.fromEntries(PROVIDERS.map((p) => [p, `${base.replace(/\/+$/, '')}/v1/tenants/${tenantId}/webhooks/${p}`]));

const slug = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'firm';

export const newTenantSchema = z.strictObject({ name: z.string().trim().min(1).max(200), clioRegion: z.enum(CLIO_REGIONS).default('US') });

export const createTenant = async (deps: AdminDeps, body: z.infer<typeof newTenantSchema>): Promise<Reply> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = `${slug(body.name)}-${randomBytes(3).toString('hex')}`;
    const adminKey = newAdminKey(id);
    if (await deps.tenants.create({ id, name: body.name, clioRegion: body.clioRegion, settings: {}, adminKeyHash: hashKey(adminKey) })) {
      return created({ id, name: body.name, clioRegion: body.clioRegion, adminKey, webhookUrls: webhookUrls(deps.publicBaseUrl, id) });
    }
  }
  throw new RefusedError('unavailable', 'id_unavailable', 'Could not allocate a tenant id; try again');
};

/** `POST /v1/tenants/{id}/admin-keys`: a new admin key, shown once; the old one stops working at once. */
export const rotateAdminKey = async (deps: AdminDeps, tenant: Tenant): Promise<Reply> => {
  const adminKey = newAdminKey(tenant.id);
  if (!(await deps.tenants.setAdminKeyHash(tenant.id, hashKey(adminKey)))) throw unknownTenant(tenant.id);
  return created({ adminKey });
};

export const patchSettings = async (deps: AdminDeps, tenant: Tenant, body: unknown): Promise<Reply> => {
  const patch = settingsPatchSchema.safeParse(body);
  if (!patch.success) throw invalidInput('invalid_settings', patch.error);
  const overrides = await deps.tenants.updateSettings(tenant.id, patch.data);
  if (!overrides) throw unknownTenant(tenant.id);
  return ok(mergeSettings(overrides));
};

export const putUserMappings = async (deps: AdminDeps, tenant: Tenant, body: unknown): Promise<Reply> => {
  const mappings = settingsSchema.shape.userMappings.safeParse(body);
  if (!mappings.success) throw invalidInput('invalid_user_mappings', mappings.error);
  if (!(await deps.tenants.updateSettings(tenant.id, { userMappings: mappings.data }))) throw unknownTenant(tenant.id);
  return ok(mappings.data);
};

const credentialSchema = z.strictObject({ credential: z.string().min(1).max(4096) });

/** Credentials whose shape we know, refused at once rather than failing every callback later. */
const CREDENTIAL_SHAPES: Partial<Record<string, { readonly valid: (credential: string) => boolean; readonly expected: string }>> = {
  generic: { valid: (c) => /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(c), expected: 'a Standard Webhooks secret: whsec_ followed by base64' },
  telnyx: {
    valid: (c) => /^[A-Za-z0-9+/]{43}=$/.test(c) && Buffer.from(c, 'base64').length === 32,
    expected: 'the base64 of the 32-byte Ed25519 public key, as the Telnyx portal shows it',
  },
};

export const putProviderCredential = async (deps: AdminDeps, tenant: Tenant, provider: string, body: unknown): Promise<Reply> => {
  const name = providerSchema.safeParse(provider);
  if (!name.success) throw new RefusedError('not_found', 'unknown_provider', `No provider '${provider}'`);
  const parsed = credentialSchema.safeParse(body);
  if (!parsed.success) throw invalidInput('invalid_credential', parsed.error);
  const shape = CREDENTIAL_SHAPES[name.data];
  if (shape && !shape.valid(parsed.data.credential)) throw new RefusedError('invalid', 'invalid_credential', `credential: expected ${shape.expected}`);
  await deps.secrets.putProviderSecret(tenant.id, name.data, parsed.data.credential);
  return done;
};

/** A credential pasted from a provider's console: printable ASCII, no spaces. */
const token = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, `must be ${what}`);

/**
 * Keeps a connection the provider accepted: `invalid` when the body is not one, `unprocessable` when the provider
 * refused the credentials, `upstream_unavailable` when it did not answer; nothing is kept unless it was accepted, and
 * nothing of it is ever answered back.
 */
const connectTo = async <T>(
  tenant: Tenant,
  body: unknown,
  route: {
    readonly provider: string;
    readonly name: string;
    readonly schema: z.ZodType<T>;
    readonly refused: string;
    readonly connect: (tenantId: string, value: T) => Promise<'connected' | 'refused'>;
  },
): Promise<Reply> => {
  const parsed = route.schema.safeParse(body);
  if (!parsed.success) throw invalidInput(`invalid_${route.provider}_connection`, parsed.error);
  let result: 'connected' | 'refused';
  try {
    result = await route.connect(tenant.id, parsed.data);
  } catch (cause) {
    // Only the provider's silence is a 502: a store that failed is ours, and says so as any other error.
    if (!(cause instanceof RetryableError)) throw cause;
    logger.warn(`${route.name} did not answer a connection`, { tenantId: tenant.id, error: cause.message });
    throw new RefusedError('upstream_unavailable', `${route.provider}_unavailable`, `${route.name} did not answer; try again`, { cause });
  }
  if (result === 'refused') throw new RefusedError('unprocessable', `${route.provider}_auth_failed`, route.refused);
  return done;
};

const ringCentralConnectionSchema = z.strictObject({
  clientId: token("the app's client id"),
  clientSecret: token("the app's client secret"),
  // A JWT credential is a compact JWS: three base64url parts.
  jwt: z
    .string()
    .trim()
    .max(8192)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be a JWT credential (three base64url parts)'),
});

/**
 * `PUT /v1/tenants/{id}/providers/ringcentral/connection`: the app's client id and secret and a user's JWT credential
 * (docs/providers/ringcentral.md), kept only once RingCentral issued a token for them; never shown again.
 */
export const putRingCentralConnection = (deps: AdminDeps, tenant: Tenant, body: unknown): Promise<Reply> =>
  connectTo(tenant, body, {
    provider: 'ringcentral',
    name: 'RingCentral',
    schema: ringCentralConnectionSchema,
    connect: (id, value) => deps.ringcentral.connect(id, value),
    refused: 'RingCentral refused these credentials: check the client id and secret, the JWT, and that the app accepts JWT auth',
  });

const zoomConnectionSchema = z.strictObject({
  accountId: token("the Server-to-Server OAuth app's account id"),
  clientId: token("the app's client id"),
  clientSecret: token("the app's client secret"),
});

/**
 * `PUT /v1/tenants/{id}/providers/zoom/connection`: a Server-to-Server OAuth app's account id, client id and secret
 * (docs/providers/zoom.md), kept only once Zoom issued a token for them; never shown again.
 */
export const putZoomConnection = (deps: AdminDeps, tenant: Tenant, body: unknown): Promise<Reply> =>
  connectTo(tenant, body, {
    provider: 'zoom',
    name: 'Zoom',
    schema: zoomConnectionSchema,
    connect: (id, value) => deps.zoom.connect(id, value),
    refused: 'Zoom refused these credentials: check the account id, client id and secret, and that the Server-to-Server OAuth app is activated',
  });

const vonageConnectionSchema = z.strictObject({
  applicationId: z.guid("must be the Vonage application's id (a UUID)"),
  // A key pasted with its line breaks written as `\n` is the same key: a PEM never holds a backslash.
  privateKey: z
    .string()
    .trim()
    .max(8192)
    .regex(/^-----BEGIN (?:RSA )?PRIVATE KEY-----/, "must be the application's private key (PEM)")
    .transform((pem) => `${pem.replaceAll('\\n', '\n')}\n`),
});

/**
 * `PUT /v1/tenants/{id}/providers/vonage/connection`: the Vonage application's id and its private key
 * (docs/providers/vonage.md), kept when the key is an RSA private key; nothing is asked of Vonage. Never shown again.
 */
export const putVonageConnection = async (deps: AdminDeps, tenant: Tenant, body: unknown): Promise<Reply> => {
  const parsed = vonageConnectionSchema.safeParse(body);
  if (!parsed.success) throw invalidInput('invalid_vonage_connection', parsed.error);
  const result = await deps.vonage.connect(tenant.id, parsed.data);
  if (result === 'invalid_key')
    throw new RefusedError(
      'invalid',
      'invalid_vonage_connection',
      'privateKey: must be an unencrypted RSA private key of 2048 bits or more, as Vonage generates it',
    );
  return done;
};

const outcomeQuerySchema = z.strictObject({
  status: z.enum(['logged', 'skipped', 'failed', 'parked']).optional(),
  reason: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).optional(),
});

const summary = (o: Outcome) => ({
  eventId: o.eventId,
  provider: o.provider,
  kind: o.kind,
  direction: o.direction,
  status: o.status,
  ...(o.reason ? { reason: o.reason } : {}),
  ...(o.message ? { message: o.message } : {}),
  occurredAt: o.occurredAt,
  recordedAt: o.recordedAt,
  clio: o.clio,
  trace: o.trace,
});

export const listOutcomes = async (deps: AdminDeps, tenant: Tenant, query: URLSearchParams): Promise<Reply> => {
  const parsed = outcomeQuerySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw invalidInput('invalid_query', parsed.error);
  const { cursor, since, ...rest } = parsed.data;
  const page = await deps.outcomes.list(tenant.id, { ...rest, ...(cursor ? { cursor } : {}), ...(since ? { since: new Date(since).toISOString() } : {}) });
  return ok({ data: page.items.map(summary), nextCursor: page.nextCursor ?? null });
};

/** Our event ids: `<provider>:<provider event key>` (the key at most 200 characters). */
const EVENT_ID = /^[a-z]+:.{1,200}$/su;

/** @param encodedEventId the event id as it stands in the path (percent-encoded) */
export const replayOutcome = async (deps: AdminDeps, tenant: Tenant, encodedEventId: string): Promise<Reply> => {
  let eventId: string;
  try {
    eventId = decodeURIComponent(encodedEventId);
  } catch (cause) {
    throw new RefusedError('invalid', 'bad_request', 'The event id is not valid percent-encoding', { cause });
  }
  if (!EVENT_ID.test(eventId)) throw new RefusedError('not_found', 'unknown_event', 'No event has this id');
  const outcome = await deps.outcomes.get(tenant.id, eventId);
  if (!outcome) throw new RefusedError('not_found', 'unknown_event', `No outcome for event '${eventId}'`);
  if (outcome.status === 'logged') throw new RefusedError('conflict', 'already_logged', 'This event is in Clio already; it is not written twice');
  await deps.queue.enqueue(outcome.event, { replay: true });
  return accepted({ eventId, status: 'queued' });
};
