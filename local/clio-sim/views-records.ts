import type { ClioSimState } from './types.js';
import type { SimActivity, SimDocument, SimFolder, SimNote, SimRelationship, SimWebhook } from './types-records.js';
import type { View } from './views.js';
import { activityBaseView, communicationView, contactView, documentBaseView, matterView, timeEntriesOf, userView } from './views.js';

const matterOf = (state: ClioSimState, ref: { id: number } | null): View | null => {
  const matter = ref ? state.matters.find((m) => m.id === ref.id) : undefined;
  return matter ? matterView(matter, state) : null;
};
const contactOf = (state: ClioSimState, ref: { id: number } | null): View | null => {
  const contact = ref ? state.contacts.find((c) => c.id === ref.id) : undefined;
  return contact ? contactView(contact) : null;
};
const userOf = (state: ClioSimState, ref: { id: number } | null): View | null => {
  const user = ref ? state.users.find((u) => u.id === ref.id) : undefined;
  return user ? userView(user) : null;
};

/** Full view of an Activity with its matter, user, communication and activity description. */
export function activityView(activity: SimActivity, state: ClioSimState): View {
  const communication = state.communications.find((c) => c.id === activity.communication?.id);
  const description = state.activityDescriptions.find((d) => d.id === activity.activity_description?.id);
  return {
    ...activityBaseView(activity),
    matter: matterOf(state, activity.matter),
    user: userOf(state, activity.user),
    communication: communication ? { ...communication, ...timeEntriesOf(state.activities.filter((a) => a.communication?.id === communication.id)) } : null,
    activity_description: description ?? null,
  };
}

/** Full view of a Relationship with its matter and contact. */
export function relationshipView(relationship: SimRelationship, state: ClioSimState): View {
  return { ...relationship, matter: matterOf(state, relationship.matter), contact: contactOf(state, relationship.contact) };
}

/** Full view of a Note. */
export function noteView(note: SimNote, state: ClioSimState): View {
  return {
    ...note,
    matter: matterOf(state, note.matter),
    contact: contactOf(state, note.contact),
    author: userOf(state, note.author),
    time_entries_count: 0,
    time_entries: [],
    notification_event_subscribers: [],
  };
}

/** A Folder's own fields. */
export function folderBaseView(folder: SimFolder): View {
  return { ...folder, type: 'Folder', locked: false, deleted_at: null };
}

/** Full view of a Folder. */
export function folderView(folder: SimFolder, state: ClioSimState): View {
  const parent = state.folders.find((f) => f.id === folder.parent?.id);
  return {
    ...folderBaseView(folder),
    parent: parent ? folderBaseView(parent) : null,
    matter: matterOf(state, folder.matter),
    contact: contactOf(state, folder.contact),
  };
}

/** Full view of a Document with its folder, matter, contact and versions. */
export function documentView(document: SimDocument, state: ClioSimState): View {
  const folder = state.folders.find((f) => f.id === document.parent.id);
  const latest = document.versions.at(-1);
  const communication = state.communications.find((c) => c.id === document.communication?.id);
  return {
    ...documentBaseView(document),
    parent: folder ? folderBaseView(folder) : null,
    matter: matterOf(state, document.matter),
    contact: contactOf(state, document.contact),
    latest_document_version: latest ? { ...latest, document_id: document.id, creator: null, multiparts: [] } : null,
    document_versions: document.versions.map((v) => ({ ...v, document_id: document.id })),
    communication: communication ? communicationView(communication, state) : null,
    external_properties: document.external_properties ?? [],
  };
}

/** Full view of a Webhook. */
export function webhookView(webhook: SimWebhook, state: ClioSimState): View {
  return { ...webhook, user: userOf(state, webhook.user) };
}
