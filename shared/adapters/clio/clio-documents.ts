import { EXTERNAL_ID_PROPERTY } from '../../domain/communication.js';
import { ClioRejectedError, RetryableError } from '../../domain/errors.js';
import type { DocumentUpload } from '../../ports/clio-gateway.js';
import type { ClioClient } from './clio.client.js';

interface CreatedDocument {
  id: number;
  latest_document_version: { uuid: string; put_url: string; put_headers: { name: string; value: string }[] };
}

const UPLOAD_TIMEOUT_RETRIES = 3;

/**
 * Clio's three-step upload: create the document (Clio answers with a presigned `put_url` and the headers the
 * PUT must carry), PUT the bytes there (no Clio Authorization header), then mark the version fully uploaded.
 * `UploadTimeoutError` means Clio has not seen the file yet: ask again.
 */
export const uploadDocument = async (client: ClioClient, upload: DocumentUpload): Promise<number> => {
  const created = await client.post<CreatedDocument>(
    'documents.json',
    { fields: 'id,latest_document_version{uuid,put_url,put_headers}' },
    {
      name: upload.name,
      parent: upload.parent,
      content_type: upload.contentType,
      received_at: upload.receivedAt,
      external_properties: [{ name: EXTERNAL_ID_PROPERTY, value: upload.eventId }],
    },
  );
  const version = created.latest_document_version;
  let put: Response;
  try {
    put = await fetch(version.put_url, {
      method: 'PUT',
      headers: Object.fromEntries(version.put_headers.map((h) => [h.name, h.value])),
      body: upload.bytes,
      signal: AbortSignal.timeout(60_000),
    });
  } catch (cause) {
    throw new RetryableError('Uploading the document to Clio storage did not complete', { cause });
  }
  if (!put.ok) throw new RetryableError(`Clio storage answered ${put.status} to the upload`);

  for (let attempt = 1; ; attempt++) {
    try {
      await client.patch('documents/' + created.id + '.json', { fields: 'id' }, { uuid: version.uuid, fully_uploaded: true });
      return created.id;
    } catch (error) {
      const timedOut = error instanceof ClioRejectedError && error.type === 'UploadTimeoutError';
      if (!timedOut) throw error;
      if (attempt >= UPLOAD_TIMEOUT_RETRIES) throw new RetryableError('Clio kept answering UploadTimeoutError', { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
};
