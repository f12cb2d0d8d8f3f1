import type { ClioSimState } from './types.js';
import type { SimActivity, SimDocument, SimRelationship, SimWebhook } from './types-records.js';
import type { View } from './views.js';
import { activityBaseView, contactView, matterView, timeEntriesOf, userView } from './views.js';

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

/** Full view of an Activity with its matter, user and communication. */
export function activityView(activity: SimActivity, state: ClioSimState): View {
  const communication = state.communications.find((c) => c.id === activity.communication?.id);
  return {
    ...activityBaseView(activity),
    matter: matterOf(state, activity.matter),
    user: userOf(state, activity.user),
    communication: communication ? { ...communication, ...timeEntriesOf(state.activities.filter((a) => a.communication?.id === communication.id)) } : null,
  };
}

/** Full view of a Relationship with its matter and contact. */
export function relationshipView(relationship: SimRelationship, state: ClioSimState): View {
  return { ...relationship, matter: matterOf(state, relationship.matter), contact: contactOf(state, relationship.contact) };
}

/**
 * Full view of a Document with its folder, matter, contact and versions (`filename`, `size`, `content_type`
 * are its latest version's).
 */
export function documentView(document: SimDocument, state: ClioSimState): View {
  const folder = state.folders.find((f) => f.id === document.parent.id);
  const latest = document.versions.at(-1);
  return {
    ...document,
    type: 'Document',
    locked: false,
    deleted_at: null,
    filename: latest?.filename ?? null,
    size: latest?.size ?? null,
    content_type: latest?.content_type ?? null,
    parent: folder ? { ...folder, type: 'Folder', locked: false, deleted_at: null } : null,
    matter: matterOf(state, document.matter),
    contact: contactOf(state, document.contact),
    latest_document_version: latest ? { ...latest, document_id: document.id, creator: null, multiparts: [] } : null,
    document_versions: document.versions.map((v) => ({ ...v, document_id: document.id })),
    external_properties: document.external_properties ?? [],
  };
}

/** Full view of a Webhook. */
export function webhookView(webhook: SimWebhook, state: ClioSimState): View {
  return { ...webhook, user: userOf(state, webhook.user) };
}
