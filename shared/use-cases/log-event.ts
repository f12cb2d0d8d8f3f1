// (use case: process one event) --> log it in Clio: the steps of docs/product.md#pipeline, in order, over the Clio port
import { eventIdOf, type CanonicalEvent } from '../domain/canonical-event.js';
import { externalLabel, planCommunication } from '../domain/communication.js';
import { planNewContact } from '../domain/contact-creation.js';
import { numberMatches, rankCandidates, type ContactCandidate } from '../domain/contact-matching.js';
import { ClioRejectedError, PermanentError, RetryableError } from '../domain/errors.js';
import { exclusiveGate, skipBeforeClio } from '../domain/gates.js';
import { faxDocumentName, isPdf, recordingDocumentName } from '../domain/documents.js';
import type { ClioIds, SkipReason, Trace } from '../domain/outcome.js';
import { searchForms, toE164 } from '../domain/phone.js';
import type { Settings } from '../domain/settings.js';
import { planTimeEntry } from '../domain/time-entry.js';
import type { ClioGateway } from '../ports/clio-gateway.js';
import type { MatterIndex } from '../ports/matter-index.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';
import type { PhoneIndex } from '../ports/phone-index.js';
import { fetchRecording, fileDocument, type EventFile, type RecordingAudio } from './documents.js';
import { chooseMatterFor, droppedStaleMatter, followMatter, MATTER_REEVALUATIONS, type MatterSource, type Written } from './matter-step.js';

export interface LogRun {
  readonly index: PhoneIndex;
  readonly matters: MatterIndex;
  /** The Clio user who connected the tenant, when its connection says. */
  readonly connectedUserId?: number;
  readonly event: CanonicalEvent;
  readonly settings: Settings;
  /** True past the first attempt, or on a replay: an earlier one may have written to Clio, so look before writing. Known once `clio()` answered. */
  readonly mayHaveWritten: boolean;
  readonly trace: Trace;
  /** Filled in as records are found or written, so a failure still reports them. */
  readonly ids: ClioIds;
  readonly clio: () => Promise<ClioGateway>;
  readonly media: MediaFetcher;
}

export type LogResult =
  | { readonly status: 'logged'; readonly communication: { readonly subject: string; readonly body: string } }
  | { readonly status: 'skipped'; readonly reason: SkipReason };

const candidatesDetail = (matches: readonly ContactCandidate[]) =>
  matches.map((c) => ({ id: c.id, name: c.name, isClient: c.isClient, updatedAt: c.updatedAt }));

interface Found {
  readonly contact: ContactCandidate | undefined;
  /** The phone index named it (it may be stale: Clio has the last word). */
  readonly fromIndex: boolean;
}

/** Step 3: the phone index when the tenant has a complete one (no Clio request), else Clio's search. */
const findContact = async (run: LogRun, clio: ClioGateway, e164: string): Promise<Found> => {
  const { settings, trace } = run;
  const indexed = await run.index.lookup(run.event.tenantId, e164);
  if (indexed !== undefined) {
    const matches = rankCandidates(indexed.map((c) => ({ ...c, phoneNumbers: [e164] })));
    trace.add('contact_match', matches.length === 0 ? 'none' : matches.length === 1 ? 'matched' : 'matched_several', {
      source: 'phone_index',
      candidates: candidatesDetail(matches),
      chosen: matches[0]?.id,
    });
    return { contact: matches[0], fromIndex: true };
  }
  return { contact: await searchContact(clio, e164, settings, trace), fromIndex: false };
};

const searchContact = async (clio: ClioGateway, e164: string, settings: Settings, trace: Trace): Promise<ContactCandidate | undefined> => {
  const forms = searchForms(e164);
  for (const form of forms) {
    const matches = rankCandidates(numberMatches(await clio.searchContacts(form), e164, settings.defaultCountry));
    if (matches.length > 0) {
      trace.add('contact_match', matches.length === 1 ? 'matched' : 'matched_several', {
        source: 'search',
        query: form,
        candidates: candidatesDetail(matches),
        chosen: matches[0]?.id,
      });
      return matches[0];
    }
  }
  trace.add('contact_match', 'none', { source: 'search', searched: forms });
  return undefined;
};

/** How long a claim to create a number's contact holds off other events of that number (a Clio write takes a second). */
const CREATION_CLAIM_SECONDS = 30;

const resolveContact = async (run: LogRun, clio: ClioGateway, e164: string | undefined): Promise<Found> => {
  const { event, settings, trace, ids } = run;
  const found = e164 ? await findContact(run, clio, e164) : { contact: undefined, fromIndex: false };
  if (found.contact) return found;
  if (!settings.contactCreation) trace.add('contact_creation', 'off');
  else if (event.kind === 'fax') trace.add('contact_creation', 'never_for_fax');
  else if (!e164) trace.add('contact_creation', 'no_valid_number');
  else {
    // An earlier attempt may have created the contact and died: we store numbers in E.164, so its text finds it.
    const earlier = run.mayHaveWritten ? rankCandidates(numberMatches(await clio.searchContacts(e164), e164, settings.defaultCountry))[0] : undefined;
    if (earlier) {
      trace.add('contact_creation', 'found_from_earlier_attempt', { contactId: earlier.id });
      await run.index.put(event.tenantId, { ...earlier, phoneNumbers: [e164] }, settings.defaultCountry);
      return { contact: earlier, fromIndex: false };
    }
    // Two events of one new number are processed side by side only when they took different lanes (a tenant beyond
    // its fair share, docs/fairness.md): one creates the contact, the other finds it on its retry.
    if (!(await run.index.claimCreation(event.tenantId, e164, eventIdOf(event), CREATION_CLAIM_SECONDS))) {
      trace.add('contact_creation', 'another_event_creating');
      throw new RetryableError(`Another event is creating the contact for ${e164}`, { retryAfterSeconds: 2 });
    }
    const created = await clio.createContact(planNewContact(event, e164));
    ids.createdContactId = created.id;
    trace.add('contact_creation', 'created', { contactId: created.id, name: created.name });
    await run.index.put(event.tenantId, created, settings.defaultCountry);
    return { contact: created, fromIndex: false };
  }
  return found;
};

/** Step 7: a mapped user, else the connected one: from the tenant's connection, the matter index, or Clio (then kept). */
const firmUser = async (run: LogRun, clio: ClioGateway): Promise<number> => {
  const { event, settings, trace } = run;
  for (const key of [event.firm.extension, event.firm.userRef, event.firm.e164]) {
    const mapped = key === undefined || !Object.hasOwn(settings.userMappings, key) ? undefined : settings.userMappings[key];
    if (mapped !== undefined) {
      trace.add('user', 'mapped', { key, userId: mapped });
      return mapped;
    }
  }
  const known = run.connectedUserId ?? (await run.matters.connectedUser(event.tenantId));
  const id = known ?? (await clio.whoAmI()).id;
  if (known === undefined) await run.matters.saveConnectedUser(event.tenantId, id);
  trace.add('user', 'connected_user', { userId: id });
  return id;
};

/** Runs the steps of docs/product.md#pipeline for one event; the caller records the outcome. */
export const logEvent = async (run: LogRun): Promise<LogResult> => {
  const { event, settings, trace, ids } = run;
  const e164 = toE164(event.external.raw, settings.defaultCountry);
  if (event.unrecognised) trace.add('provider_values', 'unrecognised', { values: event.unrecognised });
  if (event.skip) trace.add('provider_skip', event.skip.reason, { why: event.skip.why });
  const skip = skipBeforeClio(event, settings, e164);
  trace.add('kind_gate', skip ?? 'pass');
  if (skip) return { status: 'skipped', reason: skip };
  trace.add('number', e164 ? 'normalised' : 'unidentified', { raw: event.external.raw, e164 });

  // Fax links expire within minutes: fetch the PDF before anything else can delay it.
  const faxMedia = event.kind === 'fax' ? event.media[0] : undefined;
  const pdf = faxMedia ? await run.media.fetch(faxMedia.url, { provider: event.provider, tenantId: event.tenantId }) : undefined;
  if (pdf && !isPdf(pdf.bytes)) throw new PermanentError('media_not_pdf', 'The fax media is not a PDF');
  if (event.kind === 'fax') trace.add('fax_media', pdf ? 'downloaded' : 'none', pdf ? { bytes: pdf.bytes.byteLength } : undefined);
  // Recording links expire too (Telnyx: 10 minutes).
  const audio = await fetchRecording(event, settings, run.media, trace);

  const clio = await run.clio();
  const found = await resolveContact(run, clio, e164);
  const contact = found.contact;
  const exclusive = exclusiveGate(settings, contact !== undefined);
  trace.add('exclusive_gate', exclusive ?? (settings.exclusiveContactAssociation ? 'pass' : 'off'));
  if (exclusive) return { status: 'skipped', reason: exclusive };
  if (contact) ids.contactId = contact.id;
  const written: Written = {};
  for (let evaluation = 1; ; evaluation++) {
    const source: MatterSource = { fromIndex: false };
    try {
      return await writeToClio(run, clio, contact, e164, { pdf, audio }, source, written);
    } catch (error) {
      if (await droppedStaleMatter(run, clio, error, source)) {
        // Nothing written yet, or only the time entry refused (its Communication follows the matter chosen again):
        // choose again at once. Otherwise the retry looks for what this attempt wrote.
        const again = written.communication !== undefined || (ids.communicationId === undefined && ids.documentId === undefined);
        if (again && evaluation < MATTER_REEVALUATIONS) continue;
        throw new RetryableError('Clio refused the matter the matter index named, after this attempt wrote', { cause: error });
      }
      // The index named a contact Clio no longer has (deleted, merged): forget it and match again.
      if (!(found.fromIndex && contact && error instanceof ClioRejectedError && (error.status === 404 || error.status === 422))) throw error;
      await run.index.remove(event.tenantId, contact.id);
      trace.add('contact_match', 'stale_index_entry', { contactId: contact.id });
      throw new RetryableError(`The phone index named contact ${contact.id}, which Clio refused`, { cause: error });
    }
  }
};

/** The fax PDF or the recording fetched before Clio was asked anything. */
interface Fetched {
  readonly pdf: { readonly bytes: Uint8Array; readonly contentType: string } | undefined;
  readonly audio: RecordingAudio | undefined;
}

const fileOf = (event: CanonicalEvent, who: string, { pdf, audio }: Fetched): EventFile | undefined => {
  if (pdf) return { step: 'fax_document', name: faxDocumentName(event, who), bytes: pdf.bytes, contentType: pdf.contentType };
  if (audio)
    return { step: 'recording_document', name: recordingDocumentName(event, who, audio.format), bytes: audio.bytes, contentType: audio.format.contentType };
  return undefined;
};

/** Steps 6–8: matter, user, the fax or recording document, the Communication and its time entry. */
const writeToClio = async (
  run: LogRun,
  clio: ClioGateway,
  contact: ContactCandidate | undefined,
  e164: string | undefined,
  fetched: Fetched,
  source: MatterSource,
  written: Written,
): Promise<LogResult> => {
  const { event, settings, trace, ids } = run;
  await chooseMatterFor(run, clio, contact, source);
  ids.userId = await firmUser(run, clio);

  if (written.communication && !(await followMatter(run, clio, written.communication, written.document))) delete written.communication;
  let communication = written.communication;
  if (!communication) {
    const label = { ...(contact ? { contact: { id: contact.id, name: contact.name } } : {}), ...(e164 ? { e164 } : {}) };
    const file = fileOf(event, externalLabel(event, label), fetched);
    const document = file ? await fileDocument(event, file, clio, ids, trace, run.mayHaveWritten) : undefined;
    if (document) written.document = { id: document.id, matterId: ids.matterId };

    const draft = planCommunication(event, {
      eventId: eventIdOf(event),
      userId: ids.userId,
      ...label,
      ...(ids.matterId === undefined ? {} : { matterId: ids.matterId }),
      ...(document ? { document } : {}),
    });
    // Only a redelivery can follow an attempt that wrote to Clio and then died: look before writing again. What it
    // wrote may be on a matter it dropped before it could move it: it follows the matter chosen now.
    const earlier = run.mayHaveWritten ? await clio.findCommunication(draft.eventId) : undefined;
    if (earlier) {
      ids.communicationId = earlier.id;
      trace.add('communication', 'found_from_earlier_attempt', { communicationId: earlier.id, subject: draft.subject });
      communication = { id: earlier.id, matterId: earlier.matterId, subject: draft.subject, body: draft.body };
      written.communication = communication;
      if (!(await followMatter(run, clio, communication, written.document))) communication = undefined;
    }
    if (!communication) {
      ids.communicationId = await clio.createCommunication(draft);
      trace.add('communication', 'created', { communicationId: ids.communicationId, subject: draft.subject });
      communication = { id: ids.communicationId, matterId: ids.matterId, subject: draft.subject, body: draft.body };
    }
    written.communication = communication;
  }

  const plan = planTimeEntry(event, settings, {
    communicationId: communication.id,
    userId: ids.userId,
    subject: communication.subject,
    ...(ids.matterId === undefined ? {} : { matterId: ids.matterId }),
  });
  if (plan.decision !== 'create') trace.add('time_entry', plan.decision);
  else {
    const earlierEntry = run.mayHaveWritten ? await clio.findTimeEntry(communication.id) : undefined;
    ids.activityId = earlierEntry ?? (await clio.createTimeEntry(plan.entry));
    trace.add('time_entry', earlierEntry ? 'found_from_earlier_attempt' : 'created', { activityId: ids.activityId, seconds: plan.entry.quantity });
  }
  return { status: 'logged', communication: { subject: communication.subject, body: communication.body } };
};
