import type { CanonicalEvent, EventStatus } from '../../../domain/canonical-event.js';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { ownEntry } from '../own-entry.js';
import {
  base,
  CALL_EVENT_REQUIREMENTS,
  envelopeSchema,
  externalParty,
  faxPayloadSchema,
  firmParty,
  instant,
  lineTypeOf,
  mediaOf,
  messagePayloadSchema,
  read,
} from './telnyx.payload.js';
import { jsonBody } from '../kit.js';

type Envelope = ReturnType<typeof envelopeSchema.parse>['data'];

// `to[].status` of a finalized outbound message (Telnyx messaging delivery statuses).
const FINAL_MESSAGE_STATUS: Readonly<Record<string, EventStatus>> = {
  delivered: 'delivered',
  sending_failed: 'failed',
  delivery_failed: 'undelivered',
  delivery_unconfirmed: 'sent',
  sent: 'sent',
};

const FAX_STATUS: Readonly<Record<string, EventStatus>> = { 'fax.received': 'received', 'fax.delivered': 'delivered', 'fax.failed': 'failed' };

const message = (data: Envelope, ctx: ParseContext): ParsedWebhook => {
  const sms = read(messagePayloadSchema, data.payload, `${data.event_type} payload`);
  const inbound = data.event_type === 'message.received';
  const recipient = sms.to[0] ?? sms.from;
  const [external, firm] = inbound ? [sms.from, recipient] : [recipient, sms.from];
  const lineType = lineTypeOf(external.line_type);
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `message:${sms.id}`,
    providerResourceId: sms.id,
    kind: 'sms',
    direction: inbound ? 'inbound' : 'outbound',
    external: { ...externalParty(external.phone_number, ctx), ...(lineType ? { lineType } : {}) },
    firm: firmParty(firm.phone_number, ctx),
    occurredAt: instant((inbound ? sms.received_at : sms.completed_at) ?? data.occurred_at, ctx.receivedAt),
    status: inbound ? 'received' : (ownEntry(FINAL_MESSAGE_STATUS, recipient.status ?? '') ?? 'sent'),
    ...(sms.text ? { text: sms.text } : {}),
    media: mediaOf((sms.media ?? []).map((m) => ({ url: m.url, contentType: m.content_type }))),
  };
  return { type: 'event', event };
};

const fax = (data: Envelope, ctx: ParseContext): ParsedWebhook => {
  const doc = read(faxPayloadSchema, data.payload, `${data.event_type} payload`);
  const inbound = doc.direction === 'inbound';
  // An inbound fax's PDF is `media_url` (a presigned link valid ~10 minutes); an outbound one is what we sent.
  const pdf = inbound ? doc.media_url : doc.original_media_url;
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `fax:${doc.fax_id}`,
    providerResourceId: doc.fax_id,
    kind: 'fax',
    direction: doc.direction,
    external: externalParty(inbound ? doc.from : doc.to, ctx),
    firm: firmParty(inbound ? doc.to : doc.from, ctx),
    occurredAt: instant(data.occurred_at, ctx.receivedAt),
    status: ownEntry(FAX_STATUS, data.event_type) ?? 'failed',
    media: mediaOf([{ url: pdf, contentType: 'application/pdf' }]),
    ...(doc.page_count === null || doc.page_count === undefined ? {} : { pageCount: doc.page_count }),
  };
  return { type: 'event', event };
};

/** A Call Control callback is one fragment of its call session; `assembleTelnyxCall` turns the set into events. */
const callFragment = (data: Envelope, ctx: ParseContext): ParsedWebhook => {
  const schema = ownEntry(CALL_EVENT_REQUIREMENTS, data.event_type);
  if (!schema) return { type: 'ignored', reason: `unhandled_event_type:${data.event_type}` };
  const payload = read(schema, data.payload, `${data.event_type} payload`);
  return {
    type: 'fragment',
    callKey: payload.call_session_id,
    fragment: { eventKey: data.id, type: data.event_type, occurredAt: instant(data.occurred_at, ctx.receivedAt), data: payload },
  };
};

const bodyOf = (request: InboundWebhook): unknown => jsonBody(request, 'Telnyx webhook');

/** Turns a Telnyx v2 webhook into a canonical event, a call fragment, or the reason it is not logged. */
export const normaliseTelnyx = (request: InboundWebhook, ctx: ParseContext): ParsedWebhook => {
  const envelope = envelopeSchema.safeParse(bodyOf(request));
  if (!envelope.success) return { type: 'ignored', reason: 'unrecognised_callback' };
  const { data } = envelope.data;
  if (data.event_type === 'message.received' || data.event_type === 'message.finalized') return message(data, ctx);
  if (data.event_type in FAX_STATUS) return fax(data, ctx);
  if (data.event_type.startsWith('call.')) return callFragment(data, ctx);
  return { type: 'ignored', reason: `unhandled_event_type:${data.event_type}` };
};
