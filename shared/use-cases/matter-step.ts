// (use case: process one event) --> step 6 of the pipeline: the matter, from the matter index or from Clio
import { ClioRejectedError } from '../domain/errors.js';
import type { ContactCandidate } from '../domain/contact-matching.js';
import { chooseMatter } from '../domain/matter-choice.js';
import type { ClioGateway } from '../ports/clio-gateway.js';
import type { PipelineRun } from './pipeline.js';
import { refreshMatter } from './sync-matters.js';

/** Where the matter of this attempt came from: an index entry may be stale, and Clio has the last word. */
export interface MatterSource {
  fromIndex: boolean;
}

/** Step 6: the matter index when the tenant has a complete one (no Clio request), else Clio's matters and relationships. */
export const chooseMatterFor = async (run: PipelineRun, clio: ClioGateway, contact: ContactCandidate | undefined, source: MatterSource): Promise<void> => {
  const { settings, trace, ids } = run;
  if (!settings.matterAssociation) return trace.add('matter', 'off');
  if (!contact) return trace.add('matter', 'no_contact');
  // A contact created a moment ago is no party to any matter yet: no need to ask.
  if (ids.createdContactId === contact.id) return trace.add('matter', 'new_contact');
  const indexed = await run.matters.lookup(run.event.tenantId, contact.id);
  source.fromIndex = indexed !== undefined;
  const choice = chooseMatter(indexed ?? (await clio.listMatters(contact.id)), settings.matterSelection);
  if (choice.decision === 'chosen') ids.matterId = choice.matter.id;
  const detail = choice.decision === 'chosen' ? { matterId: choice.matter.id } : choice.decision === 'ambiguous' ? { candidates: choice.candidates.map((m) => m.id) } : {};
  trace.add('matter', choice.decision, { source: indexed === undefined ? 'clio' : 'matter_index', ...detail });
};

/** Re-evaluations of the matter after Clio refused the one the index named, before the event is retried instead. */
export const MATTER_REEVALUATIONS = 3;

/**
 * Clio refused a write naming a matter the index chose: read the matter back. Gone or closed, the entry is dropped
 * (true: choose again); still open, the matter was not what Clio refused (false).
 */
export const droppedStaleMatter = async (run: PipelineRun, clio: ClioGateway, error: unknown, source: MatterSource): Promise<boolean> => {
  const { event, ids, trace } = run;
  const matterId = ids.matterId;
  if (!source.fromIndex || matterId === undefined || !(error instanceof ClioRejectedError && (error.status === 404 || error.status === 422))) return false;
  if ((await refreshMatter(run.matters, clio, event.tenantId, matterId)) === 'indexed') return false;
  trace.add('matter', 'stale_index_entry', { matterId });
  delete ids.matterId;
  source.fromIndex = false;
  return true;
};
