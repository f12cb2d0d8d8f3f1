import { createHash } from 'node:crypto';
import type { CanonicalEvent, EventStatus } from '../../../domain/canonical-event.js';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { ownEntry } from '../own-entry.js';
import { jsonBody } from '../kit.js';
import { CALL_KEY, callKeyOf, ZoomFragment } from './zoom.assemble.js';
import {
  base,
  callElementsSchema,
  callHistorySchema,
  envelopeSchema,
  externalParty,
  firmParty,
  instant,
  mediaOf,
  read,
  recordingsSchema,
  smsSchema,
  timestampSchema,
  voicemailSchema,
  type Voicemail,
} from './zoom.payload.js';

const SMS_STATUS: Readonly<Record<string, EventStatus>> = { 'phone.sms_received': 'received', 'phone.sms_sent': 'sent', 'phone.sms_sent_failed': 'failed' };

/** A voicemail Zoom ties to no call: logged on its own. */
const voicemailEvent = (vm: Voicemail, ctx: ParseContext): CanonicalEvent => {
  const duration = vm.duration === undefined ? undefined : Math.round(vm.duration);
  const [link] = mediaOf([vm.download_url]);
  return {
    ...base(ctx),
    providerEventId: `voicemail:${vm.id}`,
    providerResourceId: vm.id,
    kind: 'voicemail',
    direction: 'inbound',
    external: externalParty(vm.caller_did_number || vm.caller_number, vm.caller_name, ctx),
    firm: firmParty(vm.callee_did_number || vm.callee_number, undefined, vm.callee_user_id, ctx),
    occurredAt: instant(vm.date_time, ctx.receivedAt),
    ...(duration === undefined ? {} : { durationSeconds: duration }),
    status: 'voicemail',
    media: [],
    ...(link ? { recording: { url: link.url, ...(duration === undefined ? {} : { durationSeconds: duration }) } } : {}),
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

// Zoom sends no delivery id: a callback's own ids name it, the same on every retry.
const digest = (parts: readonly (string | undefined)[]): string => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

const fragment = (callId: string, eventKey: string, type: string, at: string, data: Record<string, unknown>): ParsedWebhook => {
  const callKey = callKeyOf(callId);
  return { type: 'fragment', callKey, fragment: { eventKey, type, occurredAt: at, data: { ...data, [CALL_KEY]: callKey } } };
};

/** A callback about a call: one user's call history, a voicemail left on it, a recording of it. */
const callFragment = (event: string, object: unknown, at: string, ctx: ParseContext): ParsedWebhook => {
  if (ZoomFragment.History.has(event)) {
    const view = event.includes('call_element')
      ? (({ user_id, call_elements }) => ({ ...(user_id === undefined ? {} : { user_id }), call_logs: call_elements }))(
          read(callElementsSchema, object, 'call elements'),
        )
      : read(callHistorySchema, object, 'call history');
    const key = digest([event, view.user_id, ...view.call_logs.map((e) => e.call_element_id ?? e.id ?? e.call_path_id ?? e.start_time)]);
    return fragment(view.call_logs[0].call_id, `${event}:${key}`, event, at, view);
  }
  if (event === ZoomFragment.Voicemail) {
    const vm = read(voicemailSchema, object, 'voicemail');
    return vm.call_id ? fragment(vm.call_id, `${event}:${vm.id}`, event, at, vm) : { type: 'event', event: voicemailEvent(vm, ctx) };
  }
  const { recordings } = read(recordingsSchema, object, 'recording');
  // One callback is one fragment of one call: a callback that names several calls is filed under the first (docs/providers/zoom.md).
  const callId = recordings.find((r) => r.call_id)?.call_id;
  if (!callId) return { type: 'ignored', reason: 'recording_of_no_call' };
  const own = recordings.filter((r) => r.call_id === callId);
  return fragment(callId, `${event}:${digest(own.map((r) => r.id))}`, event, at, { recordings: own });
};

const CALL_EVENTS: ReadonlySet<string> = new Set([...ZoomFragment.History, ZoomFragment.Voicemail, ZoomFragment.Recording]);

const bodyOf = (request: InboundWebhook): unknown => jsonBody(request, 'Zoom webhook');

/**
 * Zoom Phone webhooks (docs/providers/zoom.md): a call's history, voicemail and recordings are fragments of the call
 * (`call_id`), assembled into one log; SMS are events; every other event is acknowledged.
 */
export const normaliseZoom = (request: InboundWebhook, ctx: ParseContext): ParsedWebhook => {
  const envelope = envelopeSchema.safeParse(bodyOf(request));
  if (!envelope.success) return { type: 'ignored', reason: 'unrecognised_callback' };
  const { event, payload } = envelope.data;
  const handled = CALL_EVENTS.has(event) || ownEntry(SMS_STATUS, event) !== undefined;
  if (!handled) return { type: 'ignored', reason: `unhandled_event:${event}` };
  // Bounded by its schema: a date, never a RangeError.
  const { event_ts: ts } = read(timestampSchema, envelope.data, 'webhook');
  const at = ts === undefined ? ctx.receivedAt.toISOString() : new Date(ts).toISOString();
  return CALL_EVENTS.has(event) ? callFragment(event, payload?.object, at, ctx) : { type: 'event', event: sms(event, payload?.object, ctx) };
};
