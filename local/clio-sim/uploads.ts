import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SimResponse } from './http.js';
import { UPLOAD_PREFIX } from './spec.js';
import type { SimStore } from './store.js';
import { newEtag, nextIdOf, nowIso } from './store.js';
import type { SimDocumentVersion } from './types-records.js';

/** Lifetime of a `put_url` (the schema says 10 minutes). */
const PUT_URL_TTL_SECONDS = 600;

const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  html: 'text/html',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  eml: 'message/rfc822',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
};

/** The content type Clio infers from a file name's extension when `content_type` is blank. */
export function contentTypeFor(filename: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return EXTENSION_TYPES[extension] ?? 'application/octet-stream';
}

/** A new, not yet uploaded document version whose `put_url` points at this simulator (no Bearer, like S3). */
export function newVersion(
  store: SimStore,
  baseUrl: string,
  filename: string,
  contentType: string,
  receivedAt: string | null,
  versionNumber: number,
): SimDocumentVersion {
  const uuid = randomUUID();
  const now = new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const putUrl = new URL(`${UPLOAD_PREFIX}${uuid}`, baseUrl);
  putUrl.searchParams.set('X-Amz-Expires', String(PUT_URL_TTL_SECONDS));
  putUrl.searchParams.set('X-Amz-Date', amzDate);
  putUrl.searchParams.set('X-Amz-SignedHeaders', 'content-type;host;x-amz-server-side-encryption');
  putUrl.searchParams.set('X-Amz-Signature', randomBytes(32).toString('hex'));
  const stamp = nowIso(now);
  return {
    id: nextIdOf(store.data.documents.flatMap((d) => d.versions.map((v) => v.id))),
    etag: newEtag(),
    uuid,
    version_number: versionNumber,
    filename,
    content_type: contentType,
    size: null,
    fully_uploaded: false,
    received_at: receivedAt,
    put_url: putUrl.toString(),
    put_headers: [
      { name: 'x-amz-server-side-encryption', value: 'AES256' },
      { name: 'Content-Type', value: contentType },
    ],
    created_at: stamp,
    updated_at: stamp,
  };
}

function s3Error(status: number, code: string, message: string): SimResponse {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return { status, raw: Buffer.from(xml), headers: { 'content-type': 'application/xml' } };
}

/**
 * `PUT <put_url>` as S3 answers a presigned URL: the signature must be the issued one, unexpired, and every
 * `put_headers` entry must be sent with its exact value (else 403). The bytes are kept by version uuid.
 */
export function receiveUpload(store: SimStore, method: string, url: URL, header: (name: string) => string | undefined, body: Buffer): SimResponse {
  if (method !== 'PUT') return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  const uuid = url.pathname.slice(UPLOAD_PREFIX.length);
  const version = store.data.documents.flatMap((d) => d.versions).find((v) => v.uuid === uuid);
  const issued = version ? new URL(version.put_url).searchParams.get('X-Amz-Signature') : null;
  if (!version || issued === null || url.searchParams.get('X-Amz-Signature') !== issued) {
    return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  if (Date.now() > Date.parse(version.created_at) + (PUT_URL_TTL_SECONDS + 1) * 1000) {
    return s3Error(403, 'AccessDenied', 'Request has expired');
  }
  for (const { name, value } of version.put_headers) {
    if (header(name) !== value) {
      return s3Error(403, 'SignatureDoesNotMatch', `The request signature we calculated does not match: header ${name} must be "${value}".`);
    }
  }
  store.uploads.set(uuid, Buffer.from(body));
  return { status: 200, headers: { ETag: `"${createHash('md5').update(body).digest('hex')}"`, 'x-amz-server-side-encryption': 'AES256' } };
}
