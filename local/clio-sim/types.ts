import { z } from 'zod';
import type { ChaosKind } from './chaos.js';
import type {
  SimActivity, SimActivityDescription, SimDocument, SimFolder, SimNote, SimRelationship, SimWebhook, SimWebhookDelivery,
} from './types-records.js';
import { activityDescriptionSeed, activitySeed, folderSeed, noteSeed, relationshipSeed } from './types-records.js';

const id = z.number().int().positive();
const stamps = {
  etag: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
};
const ref = z.object({ id });
const participant = z.object({ id, type: z.enum(['User', 'Contact']) });

const userSeed = z.object({
  id,
  name: z.string().optional(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  time_zone: z.string().default('America/New_York'),
  phone_number: z.string().nullable().default(null),
  enabled: z.boolean().default(true),
  ...stamps,
});

const tokenSeed = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), user_id: id });

const oauthClientSeed = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  /** When given, `/oauth/authorize` and the code grant only accept these redirect URIs. */
  redirect_uris: z.array(z.string()).optional(),
});

const phoneNumberSeed = z.object({
  id: id.optional(),
  number: z.string(),
  name: z.string().default('Other'),
  default_number: z.boolean().default(false),
});

const emailAddressSeed = z.object({
  id: id.optional(),
  address: z.string(),
  name: z.string().default('Work'),
  default_email: z.boolean().default(false),
});

const contactSeed = z.object({
  id: id.optional(),
  type: z.enum(['Person', 'Company']).default('Person'),
  name: z.string().optional(),
  first_name: z.string().nullable().default(null),
  last_name: z.string().nullable().default(null),
  is_client: z.boolean().default(false),
  phone_numbers: z.array(phoneNumberSeed).default([]),
  email_addresses: z.array(emailAddressSeed).default([]),
  ...stamps,
});

const matterSeed = z.object({
  id: id.optional(),
  display_number: z.string().optional(),
  description: z.string().default(''),
  status: z.enum(['Open', 'Pending', 'Closed']).default('Open'),
  client: ref.nullable().default(null),
  open_date: z.string().nullable().default(null),
  ...stamps,
});

const communicationSeed = z.object({
  id: id.optional(),
  type: z.enum(['PhoneCommunication', 'EmailCommunication']),
  subject: z.string(),
  body: z.string(),
  date: z.string().optional(),
  received_at: z.string().nullable().default(null),
  matter: ref.nullable().default(null),
  user: ref.nullable().default(null),
  senders: z.array(participant).default([]),
  receivers: z.array(participant).default([]),
  external_properties: z.array(z.object({ id: id.optional(), name: z.string(), value: z.string() })).default([]),
  notification_event_subscribers: z.array(z.object({ user_id: id })).default([]),
  ...stamps,
});

/** Zod schema of the simulator's seed (the fixture file and `POST /__sim/seed` bodies). */
export const clioSimSeedSchema = z.object({
  users: z.array(userSeed).default([]),
  tokens: z.array(tokenSeed).default([]),
  oauthClients: z.array(oauthClientSeed).default([]),
  contacts: z.array(contactSeed).default([]),
  matters: z.array(matterSeed).default([]),
  communications: z.array(communicationSeed).default([]),
  relationships: z.array(relationshipSeed).default([]),
  activityDescriptions: z.array(activityDescriptionSeed).default([]),
  activities: z.array(activitySeed).default([]),
  notes: z.array(noteSeed).default([]),
  folders: z.array(folderSeed).default([]),
});

/** Initial data as written by hand: ids, etags, timestamps and most flags may be left out. */
export type ClioSimSeed = z.input<typeof clioSimSeedSchema>;
/** A seed after zod parsing (defaults applied, ids still optional). */
export type ParsedClioSimSeed = z.output<typeof clioSimSeedSchema>;

/** A stored record's bookkeeping fields. */
export interface SimStamps { etag: string; created_at: string; updated_at: string }
/** A Clio User. */
export interface SimUser extends SimStamps {
  id: number; name: string; first_name: string; last_name: string; email: string;
  time_zone: string; phone_number: string | null; enabled: boolean;
}
/** An issued OAuth grant: the access token authenticates API calls as `user_id`. */
export type SimToken = z.output<typeof tokenSeed>;
/** A registered developer application. */
export type SimOAuthClient = z.output<typeof oauthClientSeed>;
/** A phone number as stored: free text, never normalised (like Clio). */
export interface SimPhoneNumber { id: number; number: string; name: string; default_number: boolean }
/** An email address of a contact. */
export interface SimEmailAddress { id: number; address: string; name: string; default_email: boolean }
/** A Clio Contact (Person or Company). */
export interface SimContact extends SimStamps {
  id: number; type: 'Person' | 'Company'; name: string; first_name: string | null; last_name: string | null;
  is_client: boolean; phone_numbers: SimPhoneNumber[]; email_addresses: SimEmailAddress[];
}
/** A Clio Matter; `status` is stored capitalised as Clio returns it. */
export interface SimMatter extends SimStamps {
  id: number; display_number: string; description: string; status: 'Open' | 'Pending' | 'Closed';
  client: { id: number } | null; open_date: string | null;
}
/** A participant as sent in a request (`type` is `User` or `Contact`; responses say Person/Company/User). */
export type SimParticipantRef = z.output<typeof participant>;
/** A Clio Communication (phone or email log). */
export interface SimCommunication extends SimStamps {
  id: number; type: 'PhoneCommunication' | 'EmailCommunication'; subject: string; body: string;
  date: string; received_at: string | null; matter: { id: number } | null; user: { id: number } | null;
  senders: SimParticipantRef[]; receivers: SimParticipantRef[];
  external_properties: Array<{ id: number; name: string; value: string }>;
  notification_event_subscribers: Array<{ user_id: number }>;
}
/** One API request the simulator answered (control endpoints excluded). */
export interface SimRequestLogEntry {
  method: string; path: string; query: Record<string, string>; status: number;
  /** Request headers worth asserting on (lower-case names, only those sent): `x-api-version`, `if-match`, … */
  headers: Record<string, string>;
  /** Whether the method, path and every query parameter name match an operation of Clio's OpenAPI spec. */
  validated: boolean;
  /** The chaos rule kind that fired on this request (absent when none did); a `drop` logs `status: 0`. */
  chaos?: ChaosKind;
}

/** Everything the simulator holds; `ClioSim.state()` and `GET /__sim/state` return a deep copy. */
export interface ClioSimState {
  users: SimUser[];
  tokens: SimToken[];
  oauthClients: SimOAuthClient[];
  contacts: SimContact[];
  matters: SimMatter[];
  communications: SimCommunication[];
  relationships: SimRelationship[];
  activityDescriptions: SimActivityDescription[];
  activities: SimActivity[];
  notes: SimNote[];
  folders: SimFolder[];
  documents: SimDocument[];
  webhooks: SimWebhook[];
  /** Every POST made to a webhook URL, oldest first. */
  webhookDeliveries: SimWebhookDelivery[];
  requests: SimRequestLogEntry[];
}
