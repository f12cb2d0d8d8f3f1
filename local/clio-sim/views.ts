import type { ClioSimState, SimCommunication, SimContact, SimMatter, SimParticipantRef, SimUser } from './types.js';
import type { SimActivity } from './types-records.js';

/** A record with every field the simulator models, before `fields` projection. */
export type View = Record<string, unknown>;

/** `time_entries` and `time_entries_count` of a record the activities link to. */
export function timeEntriesOf(activities: SimActivity[]): View {
  const entries = activities.filter((a) => a.type === 'TimeEntry');
  return { time_entries_count: entries.length, time_entries: entries.map(activityBaseView) };
}

const initials = (...parts: Array<string | null>): string => parts.map((part) => part?.trim().charAt(0).toUpperCase() ?? '').join('');

/** Full view of a User. */
export function userView(user: SimUser): View {
  return { ...user, initials: initials(user.first_name, user.last_name) };
}

/** Full view of a Contact, with Clio's derived primary/secondary number and email strings. */
export function contactView(contact: SimContact): View {
  const stamps = { etag: contact.etag, created_at: contact.created_at, updated_at: contact.updated_at };
  const phones = contact.phone_numbers.map((p) => ({ ...stamps, ...p, primary: p.default_number }));
  const emails = contact.email_addresses.map((e) => ({ ...stamps, ...e, primary: e.default_email }));
  const primaryPhone = phones.find((p) => p.primary);
  const primaryEmail = emails.find((e) => e.primary);
  return {
    ...contact,
    initials: initials(contact.first_name ?? contact.name, contact.last_name),
    primary_phone_number: primaryPhone?.number ?? null,
    secondary_phone_number: phones.find((p) => p !== primaryPhone)?.number ?? null,
    primary_email_address: primaryEmail?.address ?? null,
    secondary_email_address: emails.find((e) => e !== primaryEmail)?.address ?? null,
    phone_numbers: phones,
    email_addresses: emails,
  };
}

/** Full view of a Matter; `client` is the client contact. */
export function matterView(matter: SimMatter, state: ClioSimState): View {
  const client = matter.client ? state.contacts.find((c) => c.id === matter.client?.id) : undefined;
  return {
    ...matter,
    client_id: matter.client?.id ?? null,
    client: client ? contactView(client) : null,
  };
}

/** A participant as Clio answers it: `type` is Person, Company or User. */
function participantView(ref: SimParticipantRef, state: ClioSimState): View {
  if (ref.type === 'User') {
    const user = state.users.find((u) => u.id === ref.id);
    return { ...(user ? userView(user) : {}), id: ref.id, type: 'User', name: user?.name ?? null, identifier: user?.email ?? null };
  }
  const contact = state.contacts.find((c) => c.id === ref.id);
  const view = contact ? contactView(contact) : {};
  return {
    ...view,
    id: ref.id,
    type: contact?.type ?? 'Person',
    name: contact?.name ?? null,
    identifier: view.primary_email_address ?? view.primary_phone_number ?? null,
  };
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** An Activity's own fields, with Clio's derived hours and totals (no nested records). */
export function activityBaseView(activity: SimActivity): View {
  const isTime = activity.type === 'TimeEntry';
  const hours = activity.quantity / 3600;
  const total = round2(activity.price * (isTime ? hours : activity.quantity));
  return {
    ...activity,
    quantity_in_hours: isTime ? round2(hours) : null,
    rounded_quantity: activity.quantity,
    rounded_quantity_in_hours: isTime ? round2(hours) : null,
    quantity_redacted: false,
    total,
    non_billable_total: activity.non_billable ? total : 0,
    billed: false,
    on_bill: false,
    flat_rate: false,
    contingency_fee: false,
    reference: null,
    tax_setting: 'no_tax',
  };
}

/** Full view of a Communication with its matter, user, participants and external properties. */
export function communicationView(communication: SimCommunication, state: ClioSimState): View {
  const matter = communication.matter ? state.matters.find((m) => m.id === communication.matter?.id) : undefined;
  const user = communication.user ? state.users.find((u) => u.id === communication.user?.id) : undefined;
  const stamps = { etag: communication.etag, created_at: communication.created_at, updated_at: communication.updated_at };
  return {
    ...communication,
    ...timeEntriesOf(state.activities.filter((a) => a.communication?.id === communication.id)),
    matter: matter ? matterView(matter, state) : null,
    user: user ? userView(user) : null,
    senders: communication.senders.map((ref) => participantView(ref, state)),
    receivers: communication.receivers.map((ref) => participantView(ref, state)),
    external_properties: communication.external_properties.map((p) => ({ ...stamps, ...p })),
  };
}
