import { requireIfMatch } from './conditional.js';
import type { ApiContext } from './context.js';
import { fieldsParam, recordResponse } from './context.js';
import { externalProperties } from './communications.js';
import type { SimResponse } from './http.js';
import { ApiError, envelopeData, isRecord, notFound, validationError } from './http.js';
import { listResponse } from './listing.js';
import { newEtag, nextIdOf, nowIso, touch } from './store.js';
import type { ClioSimState } from './types.js';
import type { SimDocument, SimFolder } from './types-records.js';
import { contentTypeFor, newVersion } from './uploads.js';
import { idOf, optionalString, optionalTime, refuseUnmodelled, requiredEnum, requiredString } from './validate.js';
import { documentView } from './views-records.js';

/** The root folder of a matter or contact (the document's parent), created on first use as Clio does. */
function rootFolder(state: ClioSimState, data: Record<string, unknown>): SimFolder {
  if (!isRecord(data.parent)) throw validationError("Parent can't be blank");
  const type = requiredEnum(data.parent, 'type', ['Matter', 'Contact', 'Folder', 'Document'] as const);
  if (type === 'Folder' || type === 'Document') throw validationError(`The simulator models Matter and Contact parents only, not ${type}`);
  const id = idOf(data.parent.id, 'Parent');
  const owner = type === 'Matter' ? 'matter' : 'contact';
  const name = type === 'Matter' ? state.matters.find((m) => m.id === id)?.display_number : state.contacts.find((c) => c.id === id)?.name;
  if (name === undefined) throw validationError(`Parent ${type} ${id} does not exist`);
  const existing = state.folders.find((f) => f[owner]?.id === id);
  if (existing) return existing;
  const now = nowIso();
  const folder: SimFolder = {
    id: nextIdOf(state.folders.map((f) => f.id)),
    etag: newEtag(),
    name,
    root: true,
    matter: owner === 'matter' ? { id } : null,
    contact: owner === 'contact' ? { id } : null,
    created_at: now,
    updated_at: now,
  };
  state.folders.push(folder);
  return folder;
}

/**
 * `POST /documents.json`, step 1 of Clio's upload: `name` and `parent{id,type}` (a Matter or a Contact) required.
 * Answers the document with a `latest_document_version` holding `uuid`, `put_url` and `put_headers`.
 * `multiparts` and `communication_id` are not modelled (422).
 */
export function createDocument(ctx: ApiContext): SimResponse {
  fieldsParam(ctx.url, 'Document');
  const data = envelopeData(ctx.json());
  refuseUnmodelled(data, ['multiparts', 'communication_id']);
  const state = ctx.store.data;
  const name = requiredString(data, 'name');
  const folder = rootFolder(state, data);
  const filename = optionalString(data, 'filename') ?? name;
  const contentType = optionalString(data, 'content_type') ?? contentTypeFor(filename);
  const receivedAt = optionalTime(data, 'received_at');
  const received = receivedAt ? nowIso(receivedAt) : null;
  const now = nowIso();
  const document: SimDocument = {
    id: nextIdOf(state.documents.map((d) => d.id)),
    etag: newEtag(),
    name,
    parent: { id: folder.id },
    matter: folder.matter,
    contact: folder.contact,
    received_at: received,
    versions: [newVersion(ctx.store, ctx.baseUrl, filename, contentType, received, 1)],
    external_properties: externalProperties(data, nextIdOf(state.documents.flatMap((d) => (d.external_properties ?? []).map((p) => p.id)))),
    created_at: now,
    updated_at: now,
  };
  state.documents.push(document);
  const view = documentView(document, state);
  ctx.emit({ model: 'document', event: 'created', view });
  return recordResponse(ctx, 'Document', view, 201);
}

/**
 * `GET /documents.json` with `external_property_name/value`; documents still being uploaded only with
 * `show_uncompleted=true`.
 */
export function listDocuments(ctx: ApiContext): SimResponse {
  const params = ctx.url.searchParams;
  const uncompleted = params.get('show_uncompleted') === 'true';
  const propName = params.get('external_property_name');
  const propValue = params.get('external_property_value');
  const state = ctx.store.data;
  const matches = state.documents.filter(
    (d) =>
      (propName === null || (d.external_properties ?? []).some((p) => p.name === propName && (propValue === null || p.value === propValue))) &&
      (uncompleted || d.versions.some((v) => v.fully_uploaded)),
  );
  return listResponse(ctx, 'Document', matches, (d) => documentView(d, state));
}

/**
 * `PATCH /documents/{id}.json`, step 3 of the upload: `{uuid, fully_uploaded: true}` (or `"true"`) → 200 when
 * the bytes were PUT, else 422 `UploadNotFoundError`. Other changes are not modelled (422).
 */
export function updateDocument(ctx: ApiContext, id: number): SimResponse {
  fieldsParam(ctx.url, 'Document');
  const document = ctx.store.data.documents.find((d) => d.id === id);
  if (!document) throw notFound(`Document ${id} was not found`);
  requireIfMatch(ctx, document);
  const data = envelopeData(ctx.json());
  refuseUnmodelled(data, ['name', 'parent', 'received_at', 'communication_id', 'external_properties']);
  const state = ctx.store.data;
  const before = documentView(document, state);
  const uuid = data.uuid === undefined ? undefined : requiredString(data, 'uuid');
  if (data.fully_uploaded === true || data.fully_uploaded === 'true') {
    const version = document.versions.find((v) => v.uuid === uuid);
    const bytes = uuid === undefined ? undefined : ctx.store.uploads.get(uuid);
    if (!version || !bytes) {
      throw ApiError.of(
        422,
        'UploadNotFoundError',
        `A matching remote file was not found for the file named ${version?.filename ?? document.name} with UUID ${uuid ?? '(none)'}`,
      );
    }
    Object.assign(version, { fully_uploaded: true, size: bytes.length });
    touch(version);
  }
  touch(document);
  const view = documentView(document, state);
  ctx.emit({ model: 'document', event: 'updated', view, before });
  return recordResponse(ctx, 'Document', view);
}
