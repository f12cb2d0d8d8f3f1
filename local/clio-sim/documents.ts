import { requireIfMatch } from './conditional.js';
import type { ApiContext } from './context.js';
import { fieldsParam, intParam, listResponse, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { ApiError, argumentError, envelopeData, isRecord, notFound, validationError } from './http.js';
import { newEtag, nextIdOf, nowIso, touch } from './store.js';
import type { ClioSimState } from './types.js';
import type { SimDocument, SimFolder } from './types-records.js';
import { contentTypeFor, newVersion } from './uploads.js';
import { externalProperties } from './communications.js';
import { idOf, optionalString, optionalTime, requiredEnum, requiredString } from './validate.js';
import { documentView } from './views-records.js';

type Parent = { kind: 'folder'; folder: SimFolder } | { kind: 'document'; document: SimDocument };

/** The root folder of a matter or contact, created on first use as Clio does. */
function rootFolder(state: ClioSimState, owner: 'matter' | 'contact', id: number, name: string): SimFolder {
  const existing = state.folders.find((f) => f.root && f[owner]?.id === id);
  if (existing) return existing;
  const now = nowIso();
  const folder: SimFolder = {
    id: nextIdOf(state.folders.map((f) => f.id)), etag: newEtag(), name, root: true, parent: null,
    matter: owner === 'matter' ? { id } : null, contact: owner === 'contact' ? { id } : null, created_at: now, updated_at: now,
  };
  state.folders.push(folder);
  return folder;
}

function parentOf(state: ClioSimState, data: Record<string, unknown>): Parent {
  if (!isRecord(data.parent)) throw validationError("Parent can't be blank");
  const type = requiredEnum(data.parent, 'type', ['Matter', 'Contact', 'Folder', 'Document'] as const);
  const id = idOf(data.parent.id, 'Parent');
  const missing = (): ApiError => validationError(`Parent ${type} ${id} does not exist`);
  if (type === 'Matter') {
    const matter = state.matters.find((m) => m.id === id);
    if (!matter) throw missing();
    return { kind: 'folder', folder: rootFolder(state, 'matter', id, matter.display_number) };
  }
  if (type === 'Contact') {
    const contact = state.contacts.find((c) => c.id === id);
    if (!contact) throw missing();
    return { kind: 'folder', folder: rootFolder(state, 'contact', id, contact.name) };
  }
  if (type === 'Folder') {
    const folder = state.folders.find((f) => f.id === id);
    if (!folder) throw missing();
    return { kind: 'folder', folder };
  }
  const document = state.documents.find((d) => d.id === id);
  if (!document) throw missing();
  return { kind: 'document', document };
}

function communicationRef(state: ClioSimState, data: Record<string, unknown>): { id: number } | null | undefined {
  if (data.communication_id === undefined) return undefined;
  if (data.communication_id === null) return null;
  const id = idOf(data.communication_id, 'Communication');
  if (!state.communications.some((c) => c.id === id)) throw validationError(`Communication ${id} does not exist`);
  return { id };
}

/** Owner of a folder: its own matter/contact, else its ancestors'. */
function ownerOf(state: ClioSimState, folder: SimFolder): Pick<SimFolder, 'matter' | 'contact'> {
  let current: SimFolder | undefined = folder;
  for (let depth = 0; current && depth < 50; depth += 1) {
    if (current.matter || current.contact) return { matter: current.matter, contact: current.contact };
    const parentId: number | undefined = current.parent?.id;
    current = state.folders.find((f) => f.id === parentId);
  }
  return { matter: null, contact: null };
}

/**
 * `POST /documents.json`, step 1 of Clio's upload: `name` and `parent{id,type}` (Matter, Contact, Folder,
 * or Document for a new version) required. Answers the document with a `latest_document_version` holding
 * `uuid`, `put_url` and `put_headers`. `multiparts` are not modelled (422).
 */
export function createDocument(ctx: ApiContext): SimResponse {
  fieldsParam(ctx.url, 'Document');
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const name = requiredString(data, 'name');
  const parent = parentOf(state, data);
  if (data.multiparts !== undefined) throw validationError('The simulator does not model multipart uploads; send the file in one PUT');
  const filename = optionalString(data, 'filename') ?? name;
  const contentType = optionalString(data, 'content_type') ?? contentTypeFor(filename);
  const receivedAt = optionalTime(data, 'received_at');
  const communication = communicationRef(state, data);
  if (parent.kind === 'document') {
    const document = parent.document;
    document.versions.push(newVersion(ctx.store, ctx.baseUrl, filename, contentType, receivedAt ? nowIso(receivedAt) : null, document.versions.length + 1));
    touch(document);
    return recordResponse(ctx, 'Document', documentView(document, state), 201);
  }
  const now = nowIso();
  const document: SimDocument = {
    id: nextIdOf(state.documents.map((d) => d.id)),
    etag: newEtag(),
    name,
    parent: { id: parent.folder.id },
    ...ownerOf(state, parent.folder),
    communication: communication ?? null,
    received_at: receivedAt ? nowIso(receivedAt) : null,
    versions: [newVersion(ctx.store, ctx.baseUrl, filename, contentType, receivedAt ? nowIso(receivedAt) : null, 1)],
    external_properties: externalProperties(data, nextIdOf(state.documents.flatMap((d) => (d.external_properties ?? []).map((p) => p.id)))),
    created_at: now,
    updated_at: now,
  };
  state.documents.push(document);
  const view = documentView(document, state);
  ctx.emit({ model: 'document', event: 'created', view });
  return recordResponse(ctx, 'Document', view, 201);
}

function descendants(state: ClioSimState, folderId: number): Set<number> {
  const ids = new Set([folderId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const folder of state.folders) {
      if (folder.parent && ids.has(folder.parent.id) && !ids.has(folder.id)) {
        ids.add(folder.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * `GET /documents.json` with `parent_id` (+ `scope=children|descendants`), `contact_id`, `matter_id`,
 * `query` (name), `external_property_name/value`; documents still being uploaded only with `show_uncompleted=true`.
 */
export function listDocuments(ctx: ApiContext): SimResponse {
  const params = ctx.url.searchParams;
  const parentId = intParam(ctx.url, 'parent_id');
  const scope = params.get('scope') ?? 'children';
  if (scope !== 'children' && scope !== 'descendants') throw argumentError('scope must be children or descendants');
  const contactId = intParam(ctx.url, 'contact_id');
  const matterId = intParam(ctx.url, 'matter_id');
  const query = params.get('query')?.toLowerCase();
  const uncompleted = params.get('show_uncompleted') === 'true';
  const propName = params.get('external_property_name');
  const propValue = params.get('external_property_value');
  const state = ctx.store.data;
  const folders = parentId === undefined ? undefined : scope === 'descendants' ? descendants(state, parentId) : new Set([parentId]);
  const matches = state.documents.filter((d) => (folders === undefined || folders.has(d.parent.id))
    && (contactId === undefined || d.contact?.id === contactId)
    && (matterId === undefined || d.matter?.id === matterId)
    && (!query || d.name.toLowerCase().includes(query))
    && (propName === null || (d.external_properties ?? []).some((p) => p.name === propName && (propValue === null || p.value === propValue)))
    && (uncompleted || d.versions.some((v) => v.fully_uploaded)));
  return listResponse(ctx, 'Document', matches, (d) => documentView(d, state));
}

function find(ctx: ApiContext, id: number): SimDocument {
  const document = ctx.store.data.documents.find((d) => d.id === id);
  if (!document) throw notFound(`Document ${id} was not found`);
  return document;
}

/** `GET /documents/{id}.json`. */
export function showDocument(ctx: ApiContext, id: number): SimResponse {
  return recordResponse(ctx, 'Document', documentView(find(ctx, id), ctx.store.data));
}

/**
 * `PATCH /documents/{id}.json`, step 3 of the upload: `{uuid, fully_uploaded: true}` (or `"true"`) → 200 when
 * the bytes were PUT, else 422 `UploadNotFoundError`. Also updates `name`, `received_at`, `communication_id`.
 */
export function updateDocument(ctx: ApiContext, id: number): SimResponse {
  fieldsParam(ctx.url, 'Document');
  const document = find(ctx, id);
  requireIfMatch(ctx, document);
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const before = documentView(document, state);
  const finishing = data.fully_uploaded === true || data.fully_uploaded === 'true';
  const uuid = data.uuid === undefined ? undefined : requiredString(data, 'uuid');
  const version = document.versions.find((v) => v.uuid === uuid);
  if (finishing) {
    const bytes = uuid === undefined ? undefined : ctx.store.uploads.get(uuid);
    if (!version || !bytes) {
      throw ApiError.of(422, 'UploadNotFoundError', `A matching remote file was not found for the file named ${version?.filename ?? document.name} with UUID ${uuid ?? '(none)'}`);
    }
    Object.assign(version, { fully_uploaded: true, size: bytes.length });
    touch(version);
  }
  if (data.name !== undefined) document.name = requiredString(data, 'name');
  const receivedAt = optionalTime(data, 'received_at');
  if (data.received_at !== undefined) document.received_at = receivedAt ? nowIso(receivedAt) : null;
  const communication = communicationRef(state, data);
  if (communication !== undefined) document.communication = communication;
  touch(document);
  const view = documentView(document, state);
  ctx.emit({ model: 'document', event: 'updated', view, before });
  return recordResponse(ctx, 'Document', view);
}
