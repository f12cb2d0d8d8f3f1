import type { SecretAccess, SecretKind } from '../constructs/tenant-secrets.construct.js';
import type { TableAccess, TableName } from '../constructs/data-tables.construct.js';

/** What one function may touch. Anything not listed here is denied. */
export interface FunctionAccess {
  readonly tables: Partial<Readonly<Record<TableName, TableAccess>>>;
  readonly secrets: Partial<Readonly<Record<SecretKind, SecretAccess>>>;
  /** `sqs:SendMessage` on the event queue (consuming is the processor's event source, granted with it). */
  readonly enqueue: boolean;
}

/** The functions of the app, by role. */
export type FunctionRole = 'ingest' | 'processor' | 'admin' | 'phoneIndexSync' | 'clioHookRenewal';

/**
 * The whole least-privilege story in one table; the tests pin each row against the synthesised policies.
 * Change a row here when a handler starts using something new, and its test with it.
 */
export const ACCESS: Readonly<Record<FunctionRole, FunctionAccess>> = {
  // Verify (provider secret, tenant exists), dedup (idempotency), assemble multi-callback calls, enqueue.
  ingest: {
    tables: { tenants: 'read', idempotency: 'readWrite', callState: 'readWrite' },
    secrets: { providers: 'read' },
    enqueue: true,
  },
  // Settings, one outcome per event, its Powertools idempotency record (in progress / done), Clio tokens with refresh:
  // the refresh lock and a refused refresh (the tenant disconnected) write the tenant's item. Matching reads
  // the phone index and the matter index beside it (same table); a created contact is added, a stale contact or
  // matter entry removed, the connected user kept. A settled call is assembled again
  // from its stored callbacks; a Twilio message's text is read with the tenant's Twilio credential, a RingCentral
  // message or any provider's media with the tenant's connection to it (whose tokens it renews).
  processor: {
    tables: { tenants: 'readWrite', outcomes: 'readWrite', phoneIndex: 'readWrite', idempotency: 'readWrite', callState: 'read' },
    secrets: { clio: 'readWrite', providers: 'read', connections: 'readWrite' },
    enqueue: false,
  },
  // Tenants and settings, outcome listing and replay (re-enqueue), provider credentials and the Clio
  // connection (OAuth callback stores the tokens), connections to a phone system's API (checked, then stored), a
  // phone and matter index sync started on request, and Clio's contact and matter webhooks (each read back into its
  // index). Deleting a tenant (operator only) deletes its secrets, its outcomes, phone and matter index, call state
  // and dedup keys (found by a scan of the idempotency table), then its item.
  admin: {
    tables: { tenants: 'readWrite', outcomes: 'readPurge', phoneIndex: 'readWrite', callState: 'purge', idempotency: 'scanDelete' },
    secrets: { providers: 'manage', clio: 'readManage', connections: 'readManage' },
    enqueue: true,
  },
  // Walks every tenant, pulls changed Clio contacts, matters and relationships, rewrites that tenant's phone and
  // matter index and their cursors.
  phoneIndexSync: {
    tables: { tenants: 'readWriteScan', phoneIndex: 'readWrite' },
    secrets: { clio: 'readWrite' },
    enqueue: false,
  },
  // Walks every tenant with a complete phone (matter) index, registers or renews its Clio contact (matter) webhook
  // (kept with the Clio tokens, which a refresh may rewrite).
  clioHookRenewal: {
    tables: { tenants: 'readWriteScan', phoneIndex: 'read' },
    secrets: { clio: 'readWrite' },
    enqueue: false,
  },
};
