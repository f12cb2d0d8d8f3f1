import { z } from 'zod';

const id = z.number().int().positive();
const ref = z.object({ id });
const stamps = {
  etag: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
};

/** Activity types Clio accepts (`TimeEntry` quantities are seconds since 4.0.4). */
export const ACTIVITY_TYPES = ['TimeEntry', 'ExpenseEntry', 'HardCostEntry', 'SoftCostEntry'] as const;

/** A contact's role on a matter (`GET /relationships.json`). */
export const relationshipSeed = z.object({
  id: id.optional(),
  description: z.string().nullable().default(null),
  contact: ref,
  matter: ref,
  ...stamps,
});

/** A time or expense entry; `user` defaults to the first user of the state. */
export const activitySeed = z.object({
  id: id.optional(),
  type: z.enum(ACTIVITY_TYPES).default('TimeEntry'),
  date: z.string(),
  quantity: z.number().min(0).default(0),
  price: z.number().min(0).default(0),
  note: z.string().nullable().default(null),
  matter: ref.nullable().default(null),
  user: ref.nullable().default(null),
  communication: ref.nullable().default(null),
  activity_description: ref.nullable().default(null),
  non_billable: z.boolean().default(false),
  no_charge: z.boolean().default(false),
  ...stamps,
});

/** An activity description (`activity_description{id}` on activities). */
export const activityDescriptionSeed = z.object({ id: id.optional(), name: z.string(), ...stamps });

/** A matter or contact note. */
export const noteSeed = z.object({
  id: id.optional(),
  type: z.enum(['Matter', 'Contact']),
  subject: z.string().nullable().default(null),
  detail: z.string().nullable().default(null),
  detail_text_type: z.enum(['plain_text', 'rich_text']).default('plain_text'),
  date: z.string().nullable().default(null),
  matter: ref.nullable().default(null),
  contact: ref.nullable().default(null),
  author: ref.nullable().default(null),
  ...stamps,
});

/** A document folder; a matter's or contact's root folder has `root: true` and its `matter`/`contact`. */
export const folderSeed = z.object({
  id: id.optional(),
  name: z.string(),
  root: z.boolean().default(false),
  parent: ref.nullable().default(null),
  matter: ref.nullable().default(null),
  contact: ref.nullable().default(null),
  ...stamps,
});

type Ref = { id: number };
/** A stored record's bookkeeping fields (as in `types.ts`). */
interface Stamps { etag: string; created_at: string; updated_at: string }

/** A Clio Relationship: `contact` is related to `matter` as `description`. */
export interface SimRelationship extends Stamps { id: number; description: string | null; contact: Ref; matter: Ref }
/** A Clio Activity (time entry or expense). `quantity` is seconds for time entries. */
export interface SimActivity extends Stamps {
  id: number; type: (typeof ACTIVITY_TYPES)[number]; date: string; quantity: number; price: number; note: string | null;
  matter: Ref | null; user: Ref; communication: Ref | null; activity_description: Ref | null;
  non_billable: boolean; no_charge: boolean;
}
/** A Clio ActivityDescription. */
export interface SimActivityDescription extends Stamps { id: number; name: string }
/** A Clio Note on a matter or a contact. */
export interface SimNote extends Stamps {
  id: number; type: 'Matter' | 'Contact'; subject: string | null; detail: string | null;
  detail_text_type: 'plain_text' | 'rich_text'; date: string | null; matter: Ref | null; contact: Ref | null; author: Ref;
}
/** A Clio Folder. */
export interface SimFolder extends Stamps {
  id: number; name: string; root: boolean; parent: Ref | null; matter: Ref | null; contact: Ref | null;
}
/** One uploaded (or pending) version of a document; the bytes live outside the state. */
export interface SimDocumentVersion extends Stamps {
  id: number; uuid: string; version_number: number; filename: string; content_type: string;
  size: number | null; fully_uploaded: boolean; received_at: string | null;
  put_url: string; put_headers: Array<{ name: string; value: string }>;
}
/** A Clio Document; `parent` is its folder, the last of `versions` is the latest. */
export interface SimDocument extends Stamps {
  id: number; name: string; parent: Ref; matter: Ref | null; contact: Ref | null; communication: Ref | null;
  received_at: string | null; versions: SimDocumentVersion[];
  /** As on communications: at most 5 `{name, value}` pairs, filterable with `external_property_name/value`. */
  external_properties?: Array<{ id: number; name: string; value: string }>;
}
/** Webhook models Clio supports. */
export const WEBHOOK_MODELS = [
  'activity', 'bill', 'calendar_entry', 'clio_payments_payment', 'communication', 'contact', 'document', 'folder', 'matter', 'task',
] as const;
/** A webhook model name. */
export type WebhookModel = (typeof WEBHOOK_MODELS)[number];
/** A Clio Webhook subscription. */
export interface SimWebhook extends Stamps {
  id: number; url: string; model: WebhookModel; events: string[]; fields: string; expires_at: string;
  status: 'pending' | 'enabled' | 'suspended'; shared_secret: string; user: Ref;
}
/** One POST the simulator made to a webhook URL (handshakes included). */
export interface SimWebhookDelivery {
  webhook_id: number; url: string; event: string; attempt: number; body: string;
  /** `X-Hook-Signature` sent (null for the handshake, which carries `X-Hook-Secret` instead). */
  signature: string | null;
  /** The receiver's status, or null when the request failed (`error` says why). */
  status: number | null; error?: string; at: string;
}
