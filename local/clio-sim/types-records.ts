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

type Ref = { id: number };
/** A stored record's bookkeeping fields (as in `types.ts`). */
interface Stamps {
  etag: string;
  created_at: string;
  updated_at: string;
}

/** A Clio Relationship: `contact` is related to `matter` as `description`. */
export interface SimRelationship extends Stamps {
  id: number;
  description: string | null;
  contact: Ref;
  matter: Ref;
}
/** A Clio Activity (time entry or expense). `quantity` is seconds for time entries. */
export interface SimActivity extends Stamps {
  id: number;
  type: (typeof ACTIVITY_TYPES)[number];
  date: string;
  quantity: number;
  price: number;
  note: string | null;
  matter: Ref | null;
  user: Ref;
  communication: Ref | null;
  non_billable: boolean;
  no_charge: boolean;
}
/** A Clio Folder: the simulator only has the root folders of matters and contacts (`root: true`). */
export interface SimFolder extends Stamps {
  id: number;
  name: string;
  root: true;
  matter: Ref | null;
  contact: Ref | null;
}
/** One uploaded (or pending) version of a document; the bytes live outside the state. */
export interface SimDocumentVersion extends Stamps {
  id: number;
  uuid: string;
  version_number: number;
  filename: string;
  content_type: string;
  size: number | null;
  fully_uploaded: boolean;
  received_at: string | null;
  put_url: string;
  put_headers: Array<{ name: string; value: string }>;
}
/** A Clio Document; `parent` is its folder, the last of `versions` is the latest. */
export interface SimDocument extends Stamps {
  id: number;
  name: string;
  parent: Ref;
  matter: Ref | null;
  contact: Ref | null;
  received_at: string | null;
  versions: SimDocumentVersion[];
  /** As on communications: at most 5 `{name, value}` pairs, filterable with `external_property_name/value`. */
  external_properties?: Array<{ id: number; name: string; value: string }>;
}
/** Webhook models Clio supports. */
export const WEBHOOK_MODELS = [
  'activity',
  'bill',
  'calendar_entry',
  'clio_payments_payment',
  'communication',
  'contact',
  'document',
  'folder',
  'matter',
  'task',
] as const;
/** A webhook model name. */
export type WebhookModel = (typeof WEBHOOK_MODELS)[number];
/** A Clio Webhook subscription. */
export interface SimWebhook extends Stamps {
  id: number;
  url: string;
  model: WebhookModel;
  events: string[];
  fields: string;
  expires_at: string;
  status: 'pending' | 'enabled' | 'suspended';
  shared_secret: string;
  user: Ref;
}
/** One POST the simulator made to a webhook URL (handshakes included). */
export interface SimWebhookDelivery {
  webhook_id: number;
  url: string;
  event: string;
  attempt: number;
  body: string;
  /** `X-Hook-Signature` sent (null for the handshake, which carries `X-Hook-Secret` instead). */
  signature: string | null;
  /** The receiver's status, or null when the request failed (`error` says why). */
  status: number | null;
  error?: string;
  at: string;
}
