// (use case: process one event) --> step 6 of the pipeline: the matter, from the matter index or from Clio
import { ClioRejectedError } from '../domain/errors.js';
import type { ContactCandidate } from '../domain/contact-matching.js';
import { chooseMatter, isOpenMatter, type MatterChoice } from '../domain/matter-choice.js';
import type { ClioGateway } from '../ports/clio-gateway.js';
import type { LogRun } from './log-event.js';
import { refreshMatter } from './sync-matters.js';

/** Where the matter of this attempt came from: an index entry may be stale, and Clio has the last word. */
export interface MatterSource {
  fromIndex: boolean;
}

const detailOf = (choice: MatterChoice) =>
  choice.decision === 'chosen' ? { matterId: choice.matter.id } : choice.decision === 'ambiguous' ? { candidates: choice.candidates.map((m) => m.id) } : {};

/**
 * Step 6: the matter index when the tenant has a complete one (no Clio request), else Clio's matters and
 * relationships. An index that finds several candidates where one is wanted (`single-open`) is checked with Clio
 * first: a matter deleted or closed, or no longer the contact's, would otherwise keep the answer ambiguous, since no
 * write on it is ever refused. What Clio does not list leaves the index.
 */
export const chooseMatterFor = async (run: LogRun, clio: ClioGateway, contact: ContactCandidate | undefined, source: MatterSource): Promise<void> => {
  const { settings, trace, ids } = run;
  if (!settings.matterAssociation) return trace.add('matter', 'off');
  if (!contact) return trace.add('matter', 'no_contact');
  // A contact created a moment ago is no party to any matter yet: no need to ask.
  if (ids.createdContactId === contact.id) return trace.add('matter', 'new_contact');
  const indexed = await run.matters.lookup(run.event.tenantId, contact.id);
  let choice = chooseMatter(indexed ?? (await clio.listMatters(contact.id)), settings.matterSelection);
  let fromIndex = indexed !== undefined;
  if (fromIndex && choice.decision === 'ambiguous') {
    trace.add('matter', 'ambiguous', { source: 'matter_index', ...detailOf(choice) });
    const current = await clio.listMatters(contact.id);
    const listed = new Set(current.filter(isOpenMatter).map((m) => m.id));
    // A list is one page: a contact on more matters may be on a candidate it leaves out, so that one is read back.
    for (const candidate of choice.candidates) {
      if (listed.has(candidate.id)) continue;
      const matter = await refreshMatter(run.matters, clio, run.event.tenantId, candidate.id);
      if (matter && (matter.clientId === contact.id || matter.related.includes(contact.id))) current.push(matter);
      else trace.add('matter', 'stale_index_entry', { matterId: candidate.id });
    }
    choice = chooseMatter(current, settings.matterSelection);
    fromIndex = false;
  }
  source.fromIndex = fromIndex;
  if (choice.decision === 'chosen') ids.matterId = choice.matter.id;
  trace.add('matter', choice.decision, { source: fromIndex ? 'matter_index' : 'clio', ...detailOf(choice) });
};

/** Re-evaluations of the matter after Clio refused the one the index named, before the event is retried instead. */
export const MATTER_REEVALUATIONS = 3;

/**
 * Clio refused a write naming a matter the index chose: read the matter back. Gone or closed, the entry is dropped
 * (true: choose again); still open, the matter was not what Clio refused (false).
 */
export const droppedStaleMatter = async (run: LogRun, clio: ClioGateway, error: unknown, source: MatterSource): Promise<boolean> => {
  const { event, ids, trace } = run;
  const matterId = ids.matterId;
  if (!source.fromIndex || matterId === undefined || !(error instanceof ClioRejectedError && (error.status === 404 || error.status === 422))) return false;
  if (await refreshMatter(run.matters, clio, event.tenantId, matterId)) return false;
  trace.add('matter', 'stale_index_entry', { matterId });
  delete ids.matterId;
  source.fromIndex = false;
  return true;
};

/** What this attempt wrote before a refusal made it choose the matter again. */
export interface Written {
  communication?: { readonly id: number; matterId: number | undefined; readonly subject: string; readonly body: string };
  /** The fax or recording document, and the matter it was filed under (none: under the contact). */
  document?: { readonly id: number; readonly matterId: number | undefined };
}

/**
 * The Communication this attempt already wrote follows the matter chosen again after Clio refused its time entry's:
 * moved to it, written anew when Clio no longer has it (it went with its matter), or left where it is when no
 * matter is chosen (we never take a Communication off its matter); the trace says which. The fax or recording
 * document stays where it was filed: the trace names it when that is the matter left.
 * @returns false when Clio no longer has the Communication: it is to be written again
 */
export const followMatter = async (
  run: LogRun,
  clio: ClioGateway,
  communication: NonNullable<Written['communication']>,
  document?: Written['document'],
): Promise<boolean> => {
  const { ids, trace } = run;
  const from = communication.matterId;
  if (from === ids.matterId) return true;
  const documentLeft = () => {
    if (document?.matterId !== undefined && document.matterId !== ids.matterId)
      trace.add('document', 'left_on_refused_matter', { documentId: document.id, matterId: document.matterId });
  };
  if (ids.matterId === undefined) {
    trace.add('communication', 'left_on_refused_matter', { communicationId: communication.id, matterId: from });
    documentLeft();
    return true;
  }
  if (await clio.moveCommunication(communication.id, ids.matterId)) {
    trace.add('communication', 'moved', { communicationId: communication.id, fromMatterId: from, toMatterId: ids.matterId });
    communication.matterId = ids.matterId;
    documentLeft();
    return true;
  }
  trace.add('communication', 'gone_with_matter', { communicationId: communication.id, matterId: from });
  delete ids.communicationId;
  return false;
};
