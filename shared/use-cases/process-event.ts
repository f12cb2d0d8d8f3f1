// adapter (SQS record) --> (use case: process one event) --> pipeline & ports (Clio, tenants, outcomes)
import { eventIdOf, type CanonicalEvent } from '../domain/canonical-event.js';
import { amendedBody, amendmentLines, documentLine, externalLabel } from '../domain/communication.js';
import { recordingDocumentName } from '../domain/documents.js';
import { AmendedCallPendingError, PermanentError, TenantNotConnectedError } from '../domain/errors.js';
import { keptEvent, Trace, type ClioIds, type Outcome, type OutcomeStatus } from '../domain/outcome.js';
import type { Settings } from '../domain/settings.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import type { ClioGateway, ClioGateways } from '../ports/clio-gateway.js';
import type { Clock } from '../ports/clock.js';
import type { MatterIndex } from '../ports/matter-index.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';
import type { MessageLookup } from '../ports/message-lookup.js';
import type { OutcomeLog } from '../ports/outcome-log.js';
import type { PhoneIndex } from '../ports/phone-index.js';
import type { Tenant } from '../domain/tenant.js';
import type { TenantStore } from '../ports/tenant-store.js';
import type { WebhookProviders } from '../ports/webhook-provider.js';
import { logger } from '../observability/logger.js';
import { createEventCompletion } from './complete-event.js';
import { fetchRecording, fileDocument, type EventFile, type RecordingAudio } from './documents.js';
import { logEvent, type LogResult } from './log-event.js';

export interface EventProcessorDeps {
  readonly tenants: TenantStore;
  readonly outcomes: OutcomeLog;
  readonly clio: ClioGateways;
  readonly media: MediaFetcher;
  readonly index: PhoneIndex;
  readonly matters: MatterIndex;
  readonly clock: Clock;
  readonly callState: CallStateStore;
  readonly providers: WebhookProviders;
  readonly messages: MessageLookup;
}

/** One delivery's attempt at its event (docs/delivery.md#attempts). */
export interface DeliveryAttempt {
  /**
   * Counts the delivery as an attempt, once (a later call answers the same), and answers which attempt of the event
   * it is: past the first, an earlier one may have written to Clio. @throws when the event has had all its attempts
   */
  begin(): Promise<number>;
}

export interface ProcessContext {
  /** Begun when the event first needs Clio: past the tenant's budget check, before its first request. */
  readonly attempt: DeliveryAttempt;
  /** A replay asked for by an admin: an earlier outcome other than `logged` is replaced. */
  readonly replay?: boolean;
}

export interface ProcessResult {
  readonly outcome: Outcome;
  /** False when the event already had an outcome: nothing was written. */
  readonly fresh: boolean;
  /**
   * The event's tenant does not exist (or was deleted): its outcome is not recorded, which would bring back a deleted
   * tenant's data.
   */
  readonly dropped?: 'unknown_tenant';
}

/**
 * A late recording or transcript: append it to the Communication its call was logged as (and, when the firm files
 * recordings, file the recording under the call's matter or contact). Both travel in the same message group (same
 * external number), so the call's outcome is recorded first, unless they took different lanes (docs/fairness.md):
 * then the amendment waits for it, before asking Clio anything.
 */
const amend = async (event: CanonicalEvent & { amends: string }, run: AmendRun): Promise<LogResult> => {
  const { deps, trace, ids } = run;
  const amended = await deps.outcomes.get(event.tenantId, `${event.provider}:${event.amends}`);
  if (!amended) throw new AmendedCallPendingError(`The call ${event.amends} this event completes has no outcome yet`);
  const communicationId = amended.clio.communicationId;
  if (amended.status !== 'logged' || communicationId === undefined) {
    trace.add('amends', 'not_logged', { eventId: amended.eventId, status: amended.status });
    return { status: 'skipped', reason: 'amended_event_not_logged' };
  }
  const clio = await run.clio();
  // The Communication as Clio has it now: someone at the firm may have edited it since it was logged.
  const written = await clio.getCommunication(communicationId);
  if (!written) {
    trace.add('amends', 'communication_gone', { eventId: amended.eventId, communicationId });
    return { status: 'skipped', reason: 'amended_event_not_logged' };
  }
  // A recording the log already carries (it was on the call, or an earlier amendment) is not fetched nor filed again.
  const carried = event.recording !== undefined && written.body.includes(amendmentLines({ recording: event.recording })[0] ?? '');
  const audio = carried ? undefined : await fetchRecording(event, run.settings, deps.media, trace);
  Object.assign(ids, amended.clio);
  const document = audio
    ? await fileDocument(event, await recordingFile(event, amended.event, audio, clio, amended.clio.contactId), clio, ids, trace, run.mayHaveWritten)
    : undefined;
  const lines = [...amendmentLines(event), ...(document ? [documentLine(document)] : [])];
  const added = lines.filter((line) => !written.body.includes(line));
  const communication = { subject: written.subject, body: amendedBody(written.body, added) };
  if (added.length > 0) await clio.updateCommunication(communicationId, communication);
  trace.add('amends', added.length > 0 ? 'updated' : 'already_there', { eventId: amended.eventId, communicationId, lines: added });
  return { status: 'logged', communication };
};

interface AmendRun {
  readonly deps: EventProcessorDeps;
  readonly settings: Settings;
  readonly mayHaveWritten: boolean;
  readonly clio: () => Promise<ClioGateway>;
  readonly trace: Trace;
  readonly ids: ClioIds;
}

/** A late recording's document, named after the call it belongs to. */
const recordingFile = async (
  event: CanonicalEvent,
  call: CanonicalEvent,
  audio: RecordingAudio,
  clio: ClioGateway,
  contactId: number | undefined,
): Promise<EventFile> => {
  const contact = contactId === undefined ? undefined : await clio.getContact(contactId);
  const who = externalLabel(call, { ...(contact ? { contact } : {}), ...(call.external.e164 ? { e164: call.external.e164 } : {}) });
  return { step: 'recording_document', name: recordingDocumentName(call, who, audio.format), bytes: audio.bytes, contentType: audio.format.contentType };
};

/** One queued event to exactly one recorded outcome: its tenant, its call completed, then logged in Clio (`logEvent`) or amending what was. */
export const createEventProcessor = (deps: EventProcessorDeps) => {
  const run = (event: CanonicalEvent, tenant: Tenant, ctx: ProcessContext, trace: Trace, ids: ClioIds): Promise<LogResult> => {
    // A delivery handed back by the budget check never counts; one that got past it counts before any Clio request.
    let attempt: number | undefined;
    let gateway: Promise<ClioGateway> | undefined;
    const clio = (): Promise<ClioGateway> =>
      (gateway ??= deps.clio.forTenant(tenant).then(async (ready) => {
        attempt = await ctx.attempt.begin();
        return ready;
      }));
    // Read by the steps only once they have Clio's gateway, by then the attempt is known (hence a getter).
    const mayHaveWritten = (): boolean => ctx.replay === true || (attempt ?? 1) > 1;
    const { settings } = tenant;
    const connectedUserId = tenant.connection?.clioUserId;
    return event.amends === undefined
      ? logEvent({
          event,
          settings,
          get mayHaveWritten() {
            return mayHaveWritten();
          },
          trace,
          ids,
          clio,
          media: deps.media,
          index: deps.index,
          matters: deps.matters,
          ...(connectedUserId === undefined ? {} : { connectedUserId }),
        })
      : amend(
          { ...event, amends: event.amends },
          {
            deps,
            settings,
            get mayHaveWritten() {
              return mayHaveWritten();
            },
            clio,
            trace,
            ids,
          },
        );
  };
  const complete = createEventCompletion(deps);

  return async (queued: CanonicalEvent, ctx: ProcessContext): Promise<ProcessResult> => {
    const eventId = eventIdOf(queued);
    const previous = await deps.outcomes.get(queued.tenantId, eventId);
    if (previous && (!ctx.replay || previous.status === 'logged')) return { outcome: previous, fresh: false };

    const trace = new Trace();
    const ids: ClioIds = {};
    let event = queued;
    const finish = (status: OutcomeStatus, extra: Partial<Pick<Outcome, 'reason' | 'message' | 'communication'>> = {}): Outcome => ({
      tenantId: event.tenantId,
      eventId,
      provider: event.provider,
      kind: event.kind,
      direction: event.direction,
      status,
      ...extra,
      occurredAt: event.occurredAt,
      recordedAt: deps.clock.now().toISOString(),
      clio: { ...ids },
      trace: trace.entries,
      event: keptEvent(event, status, extra.reason),
    });

    let outcome: Outcome;
    const tenant = await deps.tenants.get(event.tenantId);
    if (!tenant) {
      // Queued before its tenant was deleted (or never one of ours): a recorded outcome would bring back a deleted
      // tenant's data. The log line names the event, none of its content.
      logger.warn('Event of an unknown tenant dropped; nothing recorded', { tenantId: event.tenantId, eventId });
      trace.add('tenant', 'unknown');
      return { outcome: finish('failed', { reason: 'unknown_tenant' }), fresh: false, dropped: 'unknown_tenant' };
    }
    event = await complete(queued, tenant.settings, trace);
    try {
      const result = await run(event, tenant, ctx, trace, ids);
      outcome =
        result.status === 'logged'
          ? finish('logged', { communication: { subject: result.communication.subject } })
          : finish('skipped', { reason: result.reason });
    } catch (error) {
      if (!(error instanceof PermanentError)) throw error;
      trace.add('error', error.code, { message: error.message });
      outcome = finish(error instanceof TenantNotConnectedError ? 'parked' : 'failed', { reason: error.code, message: error.message });
    }
    await deps.outcomes.record(outcome);
    return { outcome, fresh: true };
  };
};
