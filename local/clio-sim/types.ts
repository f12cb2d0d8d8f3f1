import { z } from 'zod';
import type { SimActivity, SimDocument, SimFolder, SimRelationship, SimWebhook, SimWebhookDelivery } from './types-records.js';
import { relationshipSeed } from './types-records.js';

/** What a chaos rule does to a request it fires on. */
export const CHAOS_KINDS = ['429', '500', '503', 'slow', 'drop', 'error-after-write'] as const;
/** One of {@link CHAOS_KINDS}. */
export type ChaosKind = (typeof CHAOS_KINDS)[number];

const id = z.number().int().positive();
const stamps = {
  etag: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
};
const ref = z.object({ id });

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

/** Zod schema of the simulator's seed (the fixture file and `POST /__sim/seed` bodies). */
export const clioSimSeedSchema = z
  .object({
    users: z.array(userSeed).default([]),
    tokens: z.array(tokenSeed).default([]),
    oauthClients: z.array(oauthClientSeed).default([]),
    contacts: z.array(contactSeed).default([]),
    matters: z.array(matterSeed).default([]),
    relationships: z.array(relationshipSeed).default([]),
  })
  .strict();

/** Initial data as written by hand: ids, etags, timestamps and most flags may be left out. */
export type ClioSimSeed = z.input<typeof clioSimSeedSchema>;
/** A seed after zod parsing (defaults applied, ids still optional). */
export type ParsedClioSimSeed = z.output<typeof clioSimSeedSchema>;

/** A stored record's bookkeeping fields. */
export interface SimStamps {
  etag: string;
  created_at: string;
  updated_at: string;
}
/** A Clio User. */
export interface SimUser extends SimStamps {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  email: string;
  time_zone: string;
  phone_number: string | null;
  enabled: boolean;
}
/** An issued OAuth grant: the access token authenticates API calls as `user_id`. */
export type SimToken = z.output<typeof tokenSeed>;
/** A registered developer application. */
export type SimOAuthClient = z.output<typeof oauthClientSeed>;
/** A phone number as stored: free text, never normalised (like Clio). */
export interface SimPhoneNumber {
  id: number;
  number: string;
  name: string;
  default_number: boolean;
}
/** An email address of a contact. */
export interface SimEmailAddress {
  id: number;
  address: string;
  name: string;
  default_email: boolean;
}
/** A Clio Contact (Person or Company). */
export interface SimContact extends SimStamps {
  id: number;
  type: 'Person' | 'Company';
  name: string;
  first_name: string | null;
  last_name: string | null;
  is_client: boolean;
  phone_numbers: SimPhoneNumber[];
  email_addresses: SimEmailAddress[];
}
/** A Clio Matter; `status` is stored capitalised as Clio returns it. */
export interface SimMatter extends SimStamps {
  id: number;
  display_number: string;
  description: string;
  status: 'Open' | 'Pending' | 'Closed';
  client: { id: number } | null;
  open_date: string | null;
}
/** A participant as sent in a request (`type` is `User` or `Contact`; responses say Person/Company/User). */
export interface SimParticipantRef {
  id: number;
  type: 'User' | 'Contact';
}
/** A Clio Communication (phone or email log). */
export interface SimCommunication extends SimStamps {
  id: number;
  type: 'PhoneCommunication' | 'EmailCommunication';
  subject: string;
  body: string;
  date: string;
  received_at: string | null;
  matter: { id: number } | null;
  user: { id: number } | null;
  senders: SimParticipantRef[];
  receivers: SimParticipantRef[];
  external_properties: Array<{ id: number; name: string; value: string }>;
}
/** One API request the simulator answered (control endpoints excluded). */
export interface SimRequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
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
  activities: SimActivity[];
  /** Document folders; a matter's or contact's root folder is created on its first document. */
  folders: SimFolder[];
  documents: SimDocument[];
  webhooks: SimWebhook[];
  /** Every POST made to a webhook URL, oldest first. */
  webhookDeliveries: SimWebhookDelivery[];
  requests: SimRequestLogEntry[];
}
