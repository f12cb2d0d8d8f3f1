import type { CanonicalEvent, EventStatus } from '../../../domain/canonical-event.js';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { zoomCall } from './zoom.call.js';
import { base, envelopeSchema, externalParty, firmParty, instant, mediaOf, read, smsSchema, voicemailSchema } from './zoom.payload.js';
import { ownEntry } from '../own-entry.js';
import { jsonBody } from '../kit.js';

const CALL_EVENTS = new Set([
  'phone.callee_call_history_completed', 'phone.caller_call_history_completed',
  'phone.callee_call_log_completed', 'phone.caller_call_log_completed',
]);
const SMS_STATUS: Readonly<Record<string, EventStatus>> = { 'phone.sms_received': 'received', 'phone.sms_sent': 'sent', 'phone.sms_sent_failed': 'failed' };

const voicemail = (object: unknown, ctx: ParseContext): CanonicalEvent => {
  const vm = read(voicemailSchema, object, 'voicemail');
  const duration = vm.duration === undefined ? undefined : Math.round(vm.duration);
  return {
    ...base(ctx),
    providerEventId: `voicemail:${vm.id}`,
    providerResourceId: vm.call_id ?? vm.id,
    kind: 'voicemail',
    direction: 'inbound',
    external: externalParty(vm.caller_number, vm.caller_name, ctx),
    firm: firmParty(vm.callee_did_number ?? vm.callee_number, undefined, vm.callee_user_id, ctx),
    occurredAt: instant(vm.date_time, ctx.receivedAt),
    ...(duration === undefined ? {} : { durationSeconds: duration }),
    status: 'voicemail',
    media: [],
    // download_url needs the account's OAuth token to fetch.
    ...(mediaOf([vm.download_url])[0] ? { recording: { url: vm.download_url, ...(duration === undefined ? {} : { durationSeconds: duration }) } } : {}),
  };
};

const sms = (event: string, object: unknown, ctx: ParseContext): CanonicalEvent => {
  const msg = read(smsSchema, object, 'SMS');
  const inbound = event === 'phone.sms_received';
  const [recipient] = msg.to_members;
  const [external, firm] = inbound ? [msg.sender, recipient] : [recipient, msg.sender];
  return {
    ...base(ctx),
    providerEventId: `message:${msg.message_id}`,
    providerResourceId: msg.message_id,
    kind: 'sms',
    direction: inbound ? 'inbound' : 'outbound',
    external: externalParty(external.phone_number, inbound ? external.display_name : undefined, ctx),
    firm: firmParty(firm.phone_number, undefined, firm.id ?? msg.owner?.id, ctx),
    occurredAt: instant(msg.date_time, ctx.receivedAt),
    status: ownEntry(SMS_STATUS, event) ?? 'sent',
    ...(msg.message === undefined ? {} : { text: msg.message }),
    media: mediaOf((msg.attachments ?? []).map((a) => a.download_url)),
  };
};

const bodyOf = (request: InboundWebhook): unknown => jsonBody(request, 'Zoom webhook');

/** Zoom Phone webhooks: completed call history, voicemails and SMS become events; every other event is acknowledged. */
export const normaliseZoom = (request: InboundWebhook, ctx: ParseContext): ParsedWebhook => {
  const envelope = envelopeSchema.safeParse(bodyOf(request));
  if (!envelope.success) return { type: 'ignored', reason: 'unrecognised_callback' };
  const { event, payload } = envelope.data;
  if (CALL_EVENTS.has(event)) return { type: 'event', event: zoomCall(event, payload?.object, ctx) };
  if (event === 'phone.voicemail_received') return { type: 'event', event: voicemail(payload?.object, ctx) };
  if (event in SMS_STATUS) return { type: 'event', event: sms(event, payload?.object, ctx) };
  return { type: 'ignored', reason: `unhandled_event:${event}` };
};
