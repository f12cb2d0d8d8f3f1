import * as z from 'zod';
import type { CanonicalEvent, EventKind } from '../../../domain/canonical-event.js';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import {
  MESSAGE_STORE_CHANGE,
  RINGCENTRAL_API_BASE_URL,
  base,
  envelopeSchema,
  externalParty,
  firmParty,
  instant,
  messageChangesSchema,
  messageKind,
  messageSchema,
  messageStatus,
  read,
  sessionSchema,
  type Message,
} from './ringcentral.payload.js';
import { jsonBody } from '../kit.js';

const KEY_PREFIX: Readonly<Record<EventKind, string>> = { sms: 'message', fax: 'fax', voicemail: 'voicemail', call: 'call' };

// Attachment links may be relative to the platform (the instant-message example shows one).
const absolute = (uri: string): string | undefined => {
  try {
    const url = new URL(uri, RINGCENTRAL_API_BASE_URL).href;
    return z.url().safeParse(url).success ? url : undefined;
  } catch {
    return undefined;
  }
};

const attachments = (message: Message, type: string) =>
  (message.attachments ?? [])
    .filter((a) => a.type?.toLowerCase() === type.toLowerCase())
    .flatMap((a) => {
      const url = absolute(a.uri);
      return url ? [{ ...a, url }] : [];
    });

const message = (body: unknown, event: string, ownerId: string | undefined, ctx: ParseContext): ParsedWebhook => {
  const msg = read(messageSchema, body, 'message event');
  const kind = messageKind(msg.type);
  if (!kind) return { type: 'ignored', reason: `unhandled_message_type:${msg.type}` };
  const inbound = msg.direction === 'Inbound';
  const status = kind === 'voicemail' ? 'voicemail' : messageStatus(msg);
  if (!status) return { type: 'ignored', reason: `non_terminal_message_status:${msg.messageStatus ?? ''}` };
  const recipient = msg.to?.[0];
  const [external, firm] = inbound ? [msg.from, recipient] : [recipient, msg.from];
  // The extension the event filter names owns the message: the firm user it belongs to.
  const userRef = /\/extension\/(\d+)\//.exec(event)?.[1] ?? ownerId;
  const audio = attachments(msg, 'AudioRecording')[0];
  const media = kind === 'fax' ? attachments(msg, 'RenderedDocument') : kind === 'sms' ? attachments(msg, 'MmsAttachment') : [];
  const result: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `${KEY_PREFIX[kind]}:${msg.id}`,
    providerResourceId: msg.id,
    kind,
    direction: inbound ? 'inbound' : 'outbound',
    external: externalParty(external?.phoneNumber, inbound ? external?.name : undefined, ctx),
    firm: firmParty(firm?.phoneNumber, firm?.extensionNumber, userRef, ctx),
    occurredAt: instant(msg.creationTime, ctx.receivedAt),
    status,
    // A fax's subject is the sender's fax header and a voicemail's is empty: only an SMS's is its text.
    ...(kind === 'sms' && msg.subject !== undefined ? { text: msg.subject } : {}),
    media: media.map((m) => ({ url: m.url, ...(m.contentType ? { contentType: m.contentType } : {}) })),
    ...(audio ? { recording: { url: audio.url, ...(audio.vmDuration === undefined ? {} : { durationSeconds: audio.vmDuration }) } } : {}),
    ...(audio?.vmDuration === undefined ? {} : { durationSeconds: audio.vmDuration }),
    ...(kind === 'fax' && msg.faxPageCount !== undefined ? { pageCount: msg.faxPageCount } : {}),
  };
  return { type: 'event', event: result };
};

/**
 * A message-store change names new messages by id only: each new SMS is kept as a fragment of the change and becomes
 * an SMS event (`message:<id>`, the key the instant-message event uses too) that the processor completes from the
 * message store with the tenant's RingCentral connection (docs/providers/ringcentral.md).
 */
const messageStoreChange = (body: unknown, event: string, uuid: string, ownerId: string | undefined, ctx: ParseContext): ParsedWebhook => {
  const change = read(messageChangesSchema, body, 'message-store event');
  const ids = change.changes.filter((c) => messageKind(c.type) === 'sms').flatMap((c) => c.newMessageIds ?? []);
  if (ids.length === 0) return { type: 'ignored', reason: 'message_store_change_without_new_sms' };
  const extensionId = change.extensionId ?? /\/extension\/(\d+)\//.exec(event)?.[1] ?? ownerId;
  const direction = /[?&]direction=(Inbound|Outbound)\b/.exec(event)?.[1];
  return {
    type: 'fragment',
    callKey: `message-store:${uuid}`,
    fragment: {
      eventKey: uuid,
      type: MESSAGE_STORE_CHANGE,
      occurredAt: instant(change.lastUpdated, ctx.receivedAt),
      data: { ids, ...(extensionId ? { extensionId } : {}), ...(direction ? { direction } : {}) },
    },
  };
};

const bodyOf = (request: InboundWebhook): unknown => jsonBody(request, 'RingCentral notification');

/**
 * Telephony session events become fragments of their session (assembled by `assembleRingCentralCall`); SMS, fax and
 * voicemail events carry the whole message-store record and become events; everything else is acknowledged.
 */
export const normaliseRingCentral = (request: InboundWebhook, ctx: ParseContext): ParsedWebhook => {
  const envelope = envelopeSchema.safeParse(bodyOf(request));
  if (!envelope.success) return { type: 'ignored', reason: 'unrecognised_callback' };
  const { uuid, event, ownerId, body } = envelope.data;
  if (event.includes('/telephony/sessions')) {
    const session = read(sessionSchema, body, 'telephony session event');
    return {
      type: 'fragment',
      callKey: session.telephonySessionId,
      fragment: { eventKey: uuid, type: 'telephony.session', occurredAt: instant(session.eventTime, ctx.receivedAt), data: session },
    };
  }
  if (/\/(message-store\/instant|fax|voicemail)\b/.test(event)) return message(body, event, ownerId, ctx);
  if (/\/message-store\b/.test(event)) return messageStoreChange(body, event, uuid, ownerId, ctx);
  const filter = event.split('?')[0]?.split('/').pop() ?? '';
  return { type: 'ignored', reason: `unhandled_event_filter:${filter}` };
};
