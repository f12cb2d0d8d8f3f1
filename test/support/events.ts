import { WEBHOOK_PROVIDERS } from '../../shared/adapters/providers/index.js';
import type { CanonicalEvent } from '../../shared/domain/canonical-event.js';
import { mergeSettings, type SettingsPatch } from '../../shared/domain/settings.js';
import type { Outcome } from '../../shared/domain/outcome.js';
import type { ContactCandidate } from '../../shared/domain/contact-matching.js';
import { toE164 } from '../../shared/domain/phone.js';
import type { CallStateStore } from '../../shared/ports/call-state-store.js';
import type { MessageLookup } from '../../shared/ports/message-lookup.js';
import type { OutcomeLog } from '../../shared/ports/outcome-log.js';
import type { IndexedMatter, MatterIndex } from '../../shared/ports/matter-index.js';
import type { IndexedContact, PhoneIndex, SyncState } from '../../shared/ports/phone-index.js';
import type { ClioTokens } from '../../shared/domain/clio-credentials.js';
import type { SecretStore } from '../../shared/ports/secret-store.js';
import type { TenantStore } from '../../shared/ports/tenant-store.js';
import type { CallFragment } from '../../shared/ports/webhook-provider.js';
import type { DeliveryAttempt } from '../../shared/use-cases/process-event.js';

/** A valid canonical event: an inbound completed call from +1 415-555-0100, overridable field by field. */
export const anEvent = (overrides: Partial<CanonicalEvent> = {}): CanonicalEvent => ({
  schemaVersion: 1,
  tenantId: 'demo',
  provider: 'twilio',
  providerEventId: 'call:CA1',
  providerResourceId: 'CA1',
  kind: 'call',
  direction: 'inbound',
  external: { raw: '+14155550100', e164: '+14155550100' },
  firm: { e164: '+14155550199' },
  occurredAt: '2026-01-02T08:06:10.000Z',
  startedAt: '2026-01-02T08:04:05.000Z',
  endedAt: '2026-01-02T08:06:10.000Z',
  durationSeconds: 125,
  status: 'completed',
  media: [],
  correlationId: 'corr-1',
  ...overrides,
});

/** A tenant store holding one firm per id asked for, with the given setting overrides. */
export const tenantsWith = (overrides: () => SettingsPatch): TenantStore => ({
  get: (id) => Promise.resolve({ id, name: 'Firm', clioRegion: 'US', settings: mergeSettings(overrides()), overrides: overrides() }),
  put: () => Promise.resolve(),
  updateSettings: () => Promise.resolve({ ...overrides() }),
  beginClioConnect: () => Promise.resolve(),
  consumeClioConnect: () => Promise.resolve(true),
  adminKeyHash: () => Promise.resolve(undefined),
  setAdminKeyHash: () => Promise.resolve(true),
  clioHook: () => Promise.resolve(undefined),
  openHookRegistration: () => Promise.resolve(),
  acceptHookSecret: () => Promise.resolve(false),
  recordHook: () => Promise.resolve(),
  closeHookRegistration: () => Promise.resolve(),
  create: () => Promise.resolve(true),
  setConnection: () => Promise.resolve(),
  beginDeletion: () => Promise.resolve(undefined),
  saveDeletionProgress: () => Promise.resolve(),
  delete: () => Promise.resolve(false),
  listIds: () => Promise.resolve([]),
});

/** A delivery's attempt already counted as the `n`th of its event. */
export const nthAttempt = (n: number): DeliveryAttempt => ({ begin: () => Promise.resolve(n) });

/** An outcome log in memory (newest record wins), for unit tests of the processor. */
export const memoryOutcomes = (): OutcomeLog & { readonly all: Outcome[] } => {
  const all: Outcome[] = [];
  return {
    all,
    get: (_tenantId, eventId) => Promise.resolve(all.findLast((o) => o.eventId === eventId)),
    record: (outcome) => Promise.resolve(void all.push(outcome)),
    list: () => Promise.reject(new Error('listing is tested against dynalite')),
    countAttempt: () => Promise.reject(new Error('attempts are counted against dynalite')),
    returnAttempt: () => Promise.reject(new Error('attempts are counted against dynalite')),
    noteRetry: () => Promise.resolve(),
    lastRetry: () => Promise.resolve(undefined),
    purgeTenant: (tenantId) => {
      const kept = all.filter((o) => o.tenantId !== tenantId);
      const removed = all.length - kept.length;
      all.splice(0, all.length, ...kept);
      return Promise.resolve({ removed });
    },
  };
};

/**
 * Secrets in memory: one provider secret, Clio tokens, the operator key, and provider connections by
 * `<tenantId>/<provider>` (kept as JSON text, as Secrets Manager keeps them).
 */
export const memorySecrets = (
  values: { provider?: string; clio?: ClioTokens; operator?: string; connections?: Readonly<Record<string, unknown>> } = {},
): SecretStore => {
  const connections = new Map(Object.entries(values.connections ?? {}).map(([key, value]) => [key, JSON.stringify(value)]));
  const connection = (key: string): unknown => {
    const raw = connections.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
  };
  return {
    providerSecret: () => Promise.resolve(values.provider),
    putProviderSecret: () => Promise.resolve(),
    clioTokens: () => Promise.resolve(values.clio),
    putClioTokens: () => Promise.resolve(),
    operatorKey: () => Promise.resolve(values.operator),
    putOperatorKey: () => Promise.resolve(),
    deleteClioTokens: () => Promise.resolve(),
    providerConnection: (tenantId, provider) => Promise.resolve(connection(`${tenantId}/${provider}`)),
    putProviderConnection: (tenantId, provider, value) => Promise.resolve(void connections.set(`${tenantId}/${provider}`, JSON.stringify(value))),
    deleteTenantSecrets: (tenantId) => {
      const mine = [...connections.keys()].filter((key) => key.startsWith(`${tenantId}/`));
      for (const key of mine) connections.delete(key);
      return Promise.resolve(mine.length);
    },
    clioApp: () => Promise.resolve(undefined),
    putClioApp: () => Promise.resolve(),
  };
};

/** A phone index in memory; `complete` says whether lookups answer (a finished full sync). */
export const memoryIndex = (complete = false): PhoneIndex & { readonly entries: Map<string, IndexedContact[]>; complete: boolean } => {
  const entries = new Map<string, IndexedContact[]>();
  const index = {
    entries,
    complete,
    lookup: (_tenantId: string, e164: string) => Promise.resolve(index.complete ? [...(entries.get(e164) ?? [])] : undefined),
    put: (_tenantId: string, contact: ContactCandidate, country: string) => {
      for (const number of contact.phoneNumbers) {
        const e164 = toE164(number, country);
        if (e164)
          entries.set(e164, [
            ...(entries.get(e164) ?? []).filter((c) => c.id !== contact.id),
            { id: contact.id, name: contact.name, isClient: contact.isClient },
          ]);
      }
      return Promise.resolve();
    },
    remove: (_tenantId: string, id: number) => {
      for (const [n, list] of entries)
        entries.set(
          n,
          list.filter((c) => c.id !== id),
        );
      return Promise.resolve();
    },
    claimCreation: () => Promise.resolve(true),
    indexedVersion: () => Promise.resolve(undefined),
    syncState: () => Promise.resolve(undefined),
    saveSyncState: (_tenantId: string, state: SyncState) => Promise.resolve(state),
    // One tenant per index in these tests: everything goes.
    purgeTenant: () => {
      const removed = entries.size;
      entries.clear();
      return Promise.resolve({ removed });
    },
  };
  return index;
};

/** A matter index in memory: matters by party; `complete` says whether lookups answer (a finished full sync). */
export const memoryMatters = (complete = false): MatterIndex & { complete: boolean; userId?: number } => {
  const matters = new Map<number, IndexedMatter>();
  const partiesOf = (m: IndexedMatter) => [...(m.clientId === undefined ? [] : [m.clientId]), ...m.related];
  const index: MatterIndex & { complete: boolean; userId?: number } = {
    complete,
    lookup: (_tenantId, contactId) =>
      Promise.resolve(
        index.complete ? [...matters.values()].filter((m) => partiesOf(m).includes(contactId)).map(({ related: _r, clientId: _c, ...m }) => m) : undefined,
      ),
    put: (_tenantId, matter, mode) => {
      const related = mode === 'merge' ? [...new Set([...matter.related, ...(matters.get(matter.id)?.related ?? [])])] : matter.related;
      if (matter.status === 'Closed') matters.delete(matter.id);
      else matters.set(matter.id, { ...matter, related });
      return Promise.resolve();
    },
    addParty: (_tenantId, matterId, contactId) => {
      const matter = matters.get(matterId);
      if (matter) matters.set(matterId, { ...matter, related: [...matter.related, contactId] });
      return Promise.resolve();
    },
    remove: (_tenantId, matterId) => Promise.resolve(void matters.delete(matterId)),
    indexedVersion: (_tenantId, matterId) => Promise.resolve(matters.get(matterId)),
    sweep: () => Promise.reject(new Error('the sweep is tested against DynamoDB')),
    syncState: () => Promise.resolve(undefined),
    saveSyncState: (_tenantId, state) => Promise.resolve(state),
    connectedUser: () => Promise.resolve(index.userId),
    saveConnectedUser: (_tenantId, userId) => Promise.resolve(void (index.userId = userId)),
    // One tenant per index in these tests: everything goes.
    purgeTenant: () => {
      const removed = matters.size;
      matters.clear();
      return Promise.resolve({ removed });
    },
  };
  return index;
};

/** Call state kept in memory, one list of fragments per provider and call. */
export const memoryCallState = (): CallStateStore => {
  const calls = new Map<string, CallFragment[]>();
  const fragments = (tenantId: string, provider: string, callKey: string) => calls.get(`${tenantId}#${provider}#${callKey}`) ?? [];
  return {
    append(tenantId, provider, callKey, fragment) {
      const all = fragments(tenantId, provider, callKey);
      calls.set(`${tenantId}#${provider}#${callKey}`, all.some((f) => f.eventKey === fragment.eventKey) ? all : [...all, fragment]);
      return Promise.resolve(fragments(tenantId, provider, callKey));
    },
    fragments: (tenantId, provider, callKey) => Promise.resolve(fragments(tenantId, provider, callKey)),
    purgeTenant: (tenantId) => {
      const mine = [...calls.keys()].filter((key) => key.startsWith(`${tenantId}#`));
      const removed = mine.reduce((n, key) => n + (calls.get(key)?.length ?? 0), 0);
      for (const key of mine) calls.delete(key);
      return Promise.resolve({ removed });
    },
  };
};

/** What the processor needs besides Clio for events that carry everything (no stored call, no message to read). */
export const completionDeps = (messages: MessageLookup = { find: () => Promise.resolve(undefined) }) => ({
  callState: memoryCallState(),
  providers: WEBHOOK_PROVIDERS,
  messages,
});

/** `size` bytes that read as a PDF (`%PDF-` first), as a fax's media is. */
export const pdfOf = (size: number): Uint8Array => new Uint8Array(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(Math.max(0, size - 5), 0x20)]));
