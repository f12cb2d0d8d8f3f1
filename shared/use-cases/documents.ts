// (use case: process one event) --> fax PDFs and recordings fetched from the provider and filed in Clio
import { eventIdOf, type CanonicalEvent } from '../domain/canonical-event.js';
import { PermanentError } from '../domain/errors.js';
import { audioFormat, documentParent, type AudioFormat } from '../domain/documents.js';
import type { ClioIds, Trace } from '../domain/outcome.js';
import type { Settings } from '../domain/settings.js';
import type { ClioGateway } from '../ports/clio-gateway.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';

/** A recording's audio, as fetched. */
export interface RecordingAudio {
  readonly bytes: Uint8Array;
  readonly format: AudioFormat;
}

/**
 * The event's recording, fetched when the firm files recordings (`attachRecordings`, docs/media.md). A recording
 * that cannot be fetched or is not audio never stops the log: the link stays in the Communication, and the trace
 * says why there is no document.
 */
export const fetchRecording = async (event: CanonicalEvent, settings: Settings, media: MediaFetcher, trace: Trace): Promise<RecordingAudio | undefined> => {
  if (!event.recording || !settings.attachRecordings) return undefined;
  let fetched: { bytes: Uint8Array };
  try {
    fetched = await media.fetch(event.recording.url, { provider: event.provider, tenantId: event.tenantId });
  } catch (error) {
    trace.add('recording_document', 'unavailable', {
      why: error instanceof PermanentError ? error.code : 'media_unreachable',
      message: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
  const format = audioFormat(fetched.bytes);
  if (!format) {
    trace.add('recording_document', 'not_audio', { bytes: fetched.bytes.byteLength });
    return undefined;
  }
  return { bytes: fetched.bytes, format };
};

/** A file to keep in Clio with the event's log. */
export interface EventFile {
  readonly step: 'fax_document' | 'recording_document';
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/**
 * Files the event's document under its matter, else its contact (none: the log alone). A redelivery looks for the
 * document an earlier attempt uploaded first: one document per event, keyed by its event id.
 */
export const fileDocument = async (
  event: CanonicalEvent,
  file: EventFile,
  clio: ClioGateway,
  ids: ClioIds,
  trace: Trace,
  mayHaveWritten: boolean,
): Promise<{ id: number; name: string } | undefined> => {
  const parent = documentParent(ids);
  if (!parent) {
    trace.add(file.step, 'no_parent', { why: 'no matter and no contact to file the document under' });
    return undefined;
  }
  const eventId = eventIdOf(event);
  const earlier = mayHaveWritten ? await clio.findDocument(eventId) : undefined;
  const id =
    earlier ??
    (await clio.uploadDocument({
      eventId,
      name: file.name,
      parent,
      contentType: file.contentType,
      bytes: file.bytes,
      receivedAt: event.startedAt ?? event.occurredAt,
    }));
  ids.documentId = id;
  trace.add(file.step, earlier ? 'found_from_earlier_attempt' : 'uploaded', { documentId: id, parent, bytes: file.bytes.byteLength });
  return { id, name: file.name };
};
