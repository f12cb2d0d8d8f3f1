import { createActivity, deleteActivity, listActivities, listActivityDescriptions, showActivity, updateActivity } from './activities.js';
import { createCommunication, listCommunications, showCommunication } from './communications.js';
import { deleteCommunication, updateCommunication } from './communications-update.js';
import { createContact, listContacts, showContact } from './contacts.js';
import { deleteContact, updateContact } from './contacts-update.js';
import type { Handler } from './context.js';
import { createDocument, listDocuments, showDocument, updateDocument } from './documents.js';
import { deleteMatter, listMatters, listUsers, showMatter, showUser, updateMatter, whoAmI } from './matters-users.js';
import { createNote, listNotes, showNote } from './notes.js';
import { createRelationship, listRelationships, showRelationship } from './relationships.js';
import { activateWebhook, createWebhook, deleteWebhook, listWebhooks, showWebhook, updateWebhook } from './webhooks.js';

/**
 * The API operations the simulator serves, keyed like the spec (`"METHOD template"`, paths under
 * `/api/v4`); `{id}` matches digits and `.json` is optional.
 */
export const ROUTES: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['GET /users/who_am_i.json', whoAmI],
  ['GET /users.json', listUsers],
  ['GET /users/{id}.json', showUser],
  ['GET /contacts.json', listContacts],
  ['POST /contacts.json', createContact],
  ['GET /contacts/{id}.json', showContact],
  ['PATCH /contacts/{id}.json', updateContact],
  ['DELETE /contacts/{id}.json', deleteContact],
  ['GET /communications.json', listCommunications],
  ['POST /communications.json', createCommunication],
  ['GET /communications/{id}.json', showCommunication],
  ['PATCH /communications/{id}.json', updateCommunication],
  ['DELETE /communications/{id}.json', deleteCommunication],
  ['GET /matters.json', listMatters],
  ['GET /matters/{id}.json', showMatter],
  ['PATCH /matters/{id}.json', updateMatter],
  ['DELETE /matters/{id}.json', deleteMatter],
  ['GET /activities.json', listActivities],
  ['POST /activities.json', createActivity],
  ['GET /activities/{id}.json', showActivity],
  ['PATCH /activities/{id}.json', updateActivity],
  ['DELETE /activities/{id}.json', deleteActivity],
  ['GET /activity_descriptions.json', listActivityDescriptions],
  ['GET /relationships.json', listRelationships],
  ['POST /relationships.json', createRelationship],
  ['GET /relationships/{id}.json', showRelationship],
  ['GET /documents.json', listDocuments],
  ['POST /documents.json', createDocument],
  ['GET /documents/{id}.json', showDocument],
  ['PATCH /documents/{id}.json', updateDocument],
  ['GET /notes.json', listNotes],
  ['POST /notes.json', createNote],
  ['GET /notes/{id}.json', showNote],
  ['GET /webhooks.json', listWebhooks],
  ['POST /webhooks.json', createWebhook],
  ['GET /webhooks/{id}.json', showWebhook],
  ['PATCH /webhooks/{id}.json', updateWebhook],
  ['DELETE /webhooks/{id}.json', deleteWebhook],
  ['PUT /webhooks/{id}/activate', activateWebhook],
]);
