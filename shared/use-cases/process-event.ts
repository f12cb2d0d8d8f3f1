// adapter (SQS record) --> (use case: process one event) --> domain rules & ports (Clio, tenants, outcomes)
import { eventIdOf, type CanonicalEvent } from '../domain/canonical-event.js';
import { planCommunication } from '../domain/communication.js';
import { planNewContact } from '../domain/contact-creation.js';
import { numberMatches, rankCandidates, type ContactCandidate } from '../domain/contact-matching.js';
import { PermanentError, TenantNotConnectedError } from '../domain/errors.js';
import { exclusiveGate, kindGate } from '../domain/gates.js';
import { chooseMatter } from '../domain/matter-choice.js';
import { Trace, type ClioIds, type Outcome, type OutcomeStatus } from '../domain/outcome.js';
import { searchForms, toE164 } from '../domain/phone.js';
import type { Settings } from '../domain/settings.js';
import type { ClioGateway, ClioGatewayProvider } from '../ports/clio-gateway.js';
import type { Clock } from '../ports/clock.js';
import type { OutcomeLog } from '../ports/outcome-log.js';
import type { TenantStore } from '../ports/tenant-store.js';

export interface EventProcessorDeps {
  readonly tenants: TenantStore;
  readonly outcomes: OutcomeLog;
  readonly clio: ClioGatewayProvider;
  readonly clock: Clock;
}

export interface ProcessContext {
  /** 1 on the first delivery; more when the queue redelivers (an earlier attempt may have written to Clio). */
  readonly attempt: number;
}

export interface ProcessResult {
  readonly outcome: Outcome;
  /** False when the event already had an outcome: nothing was written. */
  readonly fresh: boolean;
}

type Finish = (status: OutcomeStatus, extra?: { reason?: string; message?: string }) => Outcome;

const findContact = async (clio: ClioGateway, e164: string, settings: Settings, trace: Trace) => {
  for (const form of searchForms(e164)) {
    const hits = await clio.searchContacts(form);
    const matches = rankCandidates(numberMatches(hits, e164, settings.defaultCountry));
    if (matches.length > 0) {
      trace.add('contact_match', matches.length === 1 ? 'matched' : 'matched_several', {
        query: form,
        candidates: matches.map((c) => ({ id: c.id, name: c.name, isClient: c.isClient, updatedAt: c.updatedAt })),
        chosen: matches[0]?.id,
      });
      return matches[0];
    }
  }
  trace.add('contact_match', 'none', { searched: searchForms(e164) });
  return undefined;
};

const firmUserId = async (clio: ClioGateway, event: CanonicalEvent, settings: Settings, trace: Trace) => {
  const keys = [event.firm.extension, event.firm.userRef, event.firm.e164].filter((k) => k !== undefined);
  for (const key of keys) {
    const mapped = settings.userMappings[key];
    if (mapped !== undefined) {
      trace.add('user', 'mapped', { key, userId: mapped });
      return mapped;
    }
  }
  const me = await clio.whoAmI();
  trace.add('user', 'connected_user', { userId: me.id });
  return me.id;
};

/** The pipeline of product.md §4 for one event, ending in exactly one recorded outcome. */
export const createEventProcessor = (deps: EventProcessorDeps) => {
  const pipeline = async (event: CanonicalEvent, settings: Settings, ctx: ProcessContext, trace: Trace, ids: ClioIds, finish: Finish, clio: () => Promise<ClioGateway>): Promise<Outcome> => {
    const e164 = toE164(event.external.raw, settings.defaultCountry);
    const skip = kindGate(event, settings, e164);
    trace.add('kind_gate', skip ?? 'pass');
    if (skip) return finish('skipped', { reason: skip });
    trace.add('number', e164 ? 'normalised' : 'unidentified', { raw: event.external.raw, e164 });

    const gateway = await clio();
    let contact: ContactCandidate | undefined = e164 ? await findContact(gateway, e164, settings, trace) : undefined;
    if (!contact) {
      if (!settings.contactCreation) trace.add('contact_creation', 'off');
      else if (event.kind === 'fax') trace.add('contact_creation', 'never_for_fax');
      else if (!e164) trace.add('contact_creation', 'no_valid_number');
      else {
        contact = await gateway.createContact(planNewContact(event, e164));
        ids.createdContactId = contact.id;
        trace.add('contact_creation', 'created', { contactId: contact.id, name: contact.name });
      }
    }
    const exclusive = exclusiveGate(settings, contact !== undefined);
    trace.add('exclusive_gate', exclusive ?? (settings.exclusiveContactAssociation ? 'pass' : 'off'));
    if (exclusive) return finish('skipped', { reason: exclusive });
    if (contact) ids.contactId = contact.id;

    if (!settings.matterAssociation) trace.add('matter', 'off');
    else if (!contact) trace.add('matter', 'no_contact');
    else {
      const choice = chooseMatter(await gateway.listClientMatters(contact.id), settings.matterSelection);
      trace.add('matter', choice.decision, choice.decision === 'chosen' ? { matterId: choice.matter.id } : choice.decision === 'ambiguous' ? { candidates: choice.candidates.map((m) => m.id) } : undefined);
      if (choice.decision === 'chosen') ids.matterId = choice.matter.id;
    }

    ids.userId = await firmUserId(gateway, event, settings, trace);
    const draft = planCommunication(event, {
      eventId: eventIdOf(event),
      userId: ids.userId,
      ...(contact ? { contact: { id: contact.id, name: contact.name } } : {}),
      ...(ids.matterId === undefined ? {} : { matterId: ids.matterId }),
      ...(e164 ? { e164 } : {}),
    });
    // Only a redelivery can follow an attempt that wrote to Clio and then died: look before writing again.
    const earlier = ctx.attempt > 1 ? await gateway.findCommunication(draft.eventId) : undefined;
    ids.communicationId = earlier ?? (await gateway.createCommunication(draft));
    trace.add('communication', earlier ? 'found_from_earlier_attempt' : 'created', { communicationId: ids.communicationId, subject: draft.subject });
    return finish('logged');
  };

  return async (event: CanonicalEvent, ctx: ProcessContext): Promise<ProcessResult> => {
    const eventId = eventIdOf(event);
    const previous = await deps.outcomes.get(event.tenantId, eventId);
    if (previous) return { outcome: previous, fresh: false };

    const trace = new Trace();
    const ids: ClioIds = {};
    const finish: Finish = (status, extra = {}) => ({
      tenantId: event.tenantId, eventId, provider: event.provider, kind: event.kind, direction: event.direction,
      status, ...extra, occurredAt: event.occurredAt, recordedAt: deps.clock.now().toISOString(),
      clio: { ...ids }, trace: trace.entries, event,
    });

    let outcome: Outcome;
    const tenant = await deps.tenants.get(event.tenantId);
    if (!tenant) {
      trace.add('tenant', 'unknown');
      outcome = finish('failed', { reason: 'unknown_tenant', message: `Tenant ${event.tenantId} does not exist` });
    } else {
      try {
        outcome = await pipeline(event, tenant.settings, ctx, trace, ids, finish, () => deps.clio.forTenant(tenant));
      } catch (error) {
        if (!(error instanceof PermanentError)) throw error;
        trace.add('error', error.code, { message: error.message });
        const status = error instanceof TenantNotConnectedError ? 'parked' : 'failed';
        outcome = finish(status, { reason: error.code, message: error.message });
      }
    }
    await deps.outcomes.record(outcome);
    return { outcome, fresh: true };
  };
};
