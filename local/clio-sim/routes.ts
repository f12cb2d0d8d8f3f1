import { createActivity, listActivities } from './activities.js';
import { createCommunication, listCommunications, showCommunication } from './communications.js';
import { updateCommunication } from './communications-update.js';
import { createContact, listContacts, showContact } from './contacts.js';
import { deleteContact, updateContact } from './contacts-update.js';
import type { Handler } from './context.js';
import { createDocument, listDocuments, updateDocument } from './documents.js';
import { deleteMatter, listMatters, listUsers, showMatter, updateMatter, whoAmI } from './matters-users.js';
import { createRelationship, listRelationships } from './relationships.js';
import { createWebhook, deleteWebhook, updateWebhook } from './webhooks.js';

/** A served operation: its handler and the query parameters it reads beyond {@link COMMON_PARAMS}. */
export interface Route {
  handle: Handler;
  params: readonly string[];
}

/** What every operation models: `fields`, and on lists the paging and `ids[]`/`*_since` filters. */
export const COMMON_PARAMS: ReadonlySet<string> = new Set(['fields', 'limit', 'order', 'page_token', 'ids[]', 'created_since', 'updated_since']);

const route = (handle: Handler, params = ''): Route => ({ handle, params: params.split(' ').filter((p) => p !== '') });

/**
 * The API operations the simulator serves, keyed like the spec (`"METHOD template"`, paths under
 * `/api/v4`); `{id}` matches digits and `.json` is optional. Only what the product (and its console) calls, and what the
 * tests call to change Clio's data underneath it (edit or delete a contact, close or delete a matter, add a
 * relationship, drop a webhook); anything else is a 404.
 */
export const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['GET /users/who_am_i.json', route(whoAmI)],
  ['GET /users.json', route(listUsers, 'enabled')],
  ['GET /contacts.json', route(listContacts, 'query')],
  ['POST /contacts.json', route(createContact)],
  ['GET /contacts/{id}.json', route(showContact)],
  ['PATCH /contacts/{id}.json', route(updateContact)],
  ['DELETE /contacts/{id}.json', route(deleteContact)],
  ['GET /matters.json', route(listMatters, 'client_id status')],
  ['GET /matters/{id}.json', route(showMatter)],
  ['PATCH /matters/{id}.json', route(updateMatter)],
  ['DELETE /matters/{id}.json', route(deleteMatter)],
  ['GET /relationships.json', route(listRelationships, 'contact_id matter_id')],
  ['POST /relationships.json', route(createRelationship)],
  ['GET /communications.json', route(listCommunications, 'external_property_name external_property_value')],
  ['POST /communications.json', route(createCommunication)],
  ['GET /communications/{id}.json', route(showCommunication)],
  ['PATCH /communications/{id}.json', route(updateCommunication)],
  ['GET /activities.json', route(listActivities, 'communication_id type')],
  ['POST /activities.json', route(createActivity)],
  ['GET /documents.json', route(listDocuments, 'external_property_name external_property_value show_uncompleted')],
  ['POST /documents.json', route(createDocument)],
  ['PATCH /documents/{id}.json', route(updateDocument)],
  ['POST /webhooks.json', route(createWebhook)],
  ['PATCH /webhooks/{id}.json', route(updateWebhook)],
  ['DELETE /webhooks/{id}.json', route(deleteWebhook)],
]);
