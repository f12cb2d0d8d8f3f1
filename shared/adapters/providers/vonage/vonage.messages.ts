import * as z from 'zod';
import type { CanonicalEvent, EventStatus } from '../../../domain/canonical-event.js';
import type { ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { ownEntry } from '../own-entry.js';
import { instantOr } from '../kit.js';
import { base, externalParty, firmParty, read } from './vonage.payload.js';

const short = z.string().max(512);
/** v0.1 names each side as `{ type, number }` (type `sms` for an SMS); v1 writes the number itself. */
const address = z.union([short.min(1), z.object({ type: short.nullish(), number: short.min(1) })]);
type Address = z.infer<typeof address>;

/**
 * An inbound message of the Messages API in either shape it is delivered in (docs/providers/vonage.md): v1
 * (developer.vonage.com/en/api/messages#inbound-message: `channel`, `from`, `to`, `text`) or v0.1
 * (developer.vonage.com/en/api/messages-olympus: `from: {type, number}`, `message: {content: {type, text}}`),
 * which is what an application created for the v0.1 API still receives.
 */
const inboundSchema = z.object({
  message_uuid: short.min(1),
  channel: short.nullish(),
  from: address,
  to: address,
  text: z.string().nullish(),
  message: z.object({ content: z.object({ type: short.nullish(), text: z.string().nullish() }).nullish() }).nullish(),
  timestamp: short.nullish(),
});

/** A message status (developer.vonage.com/en/api/messages#message-status): no text, only where it went and how far. */
const statusSchema = z.object({
  message_uuid: short.min(1),
  status: short.min(1),
  channel: short.nullish(),
  from: address,
  to: address,
  timestamp: short.nullish(),
});

// Messages API statuses of a message the firm sent; `read` means it was delivered too.
const SENT_STATUS: Readonly<Record<string, EventStatus>> = {
  submitted: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  rejected: 'failed',
  undeliverable: 'undelivered',
};

const numberOf = (side: Address): string => (typeof side === 'string' ? side : side.number);
const channelOf = (channel: string | null | undefined, side: Address): string | undefined =>
  channel ?? (typeof side === 'string' ? undefined : (side.type ?? undefined));

/** An SMS someone sent to the firm's Vonage number. */
export const inboundMessage = (body: Readonly<Record<string, unknown>>, ctx: ParseContext): ParsedWebhook => {
  const sms = read(inboundSchema, body, 'inbound message');
  const channel = channelOf(sms.channel, sms.from);
  if (channel !== 'sms') return { type: 'ignored', reason: `unhandled_channel:${String(channel)}` };
  const text = sms.text ?? sms.message?.content?.text;
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `message:${sms.message_uuid}`,
    providerResourceId: sms.message_uuid,
    kind: 'sms',
    direction: 'inbound',
    external: externalParty(numberOf(sms.from), ctx),
    firm: firmParty(numberOf(sms.to), undefined, ctx),
    occurredAt: instantOr(sms.timestamp, ctx.receivedAt),
    status: 'received',
    ...(text === undefined || text === null ? {} : { text }),
    media: [],
  };
  return { type: 'event', event };
};

/**
 * An SMS the firm sent, as its first status tells it: Vonage keeps no copy of the text anywhere we can read it, so it
 * is logged without one (docs/providers/vonage.md). Every status of one message is the same event, logged once.
 */
export const messageStatus = (body: Readonly<Record<string, unknown>>, ctx: ParseContext): ParsedWebhook => {
  const receipt = read(statusSchema, body, 'message status');
  const channel = channelOf(receipt.channel, receipt.to);
  if (channel !== 'sms') return { type: 'ignored', reason: `unhandled_channel:${String(channel)}` };
  const status = ownEntry(SENT_STATUS, receipt.status);
  const event: CanonicalEvent = {
    ...base(ctx),
    providerEventId: `message:${receipt.message_uuid}`,
    providerResourceId: receipt.message_uuid,
    kind: 'sms',
    direction: 'outbound',
    external: externalParty(numberOf(receipt.to), ctx),
    firm: firmParty(numberOf(receipt.from), undefined, ctx),
    occurredAt: instantOr(receipt.timestamp, ctx.receivedAt),
    status: status ?? 'sent',
    media: [],
    // A status we do not know still says the message left the firm.
    ...(status ? {} : { unrecognised: [{ field: 'status', value: receipt.status }] }),
  };
  return { type: 'event', event };
};
