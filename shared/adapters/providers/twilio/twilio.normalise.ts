import * as z from 'zod';
import type { CanonicalEvent, EventStatus } from '../../../domain/canonical-event.js';
import type { ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { baseEvent, readPayload } from '../kit.js';
import { ownEntry } from '../own-entry.js';
import { TwilioFragment } from './twilio.assemble.js';
import { externalParty, firmParty, voiceParamsOf, voiceParamsSchema, type Params } from './twilio.params.js';

const MAX_MEDIA = 10;
const TERMINAL_CALL_STATUSES = new Set(['completed', 'no-answer', 'busy', 'canceled', 'failed']);
const OUTBOUND_MESSAGE_STATUSES: Readonly<Record<string, EventStatus>> = { sent: 'sent', delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };

// An SMS body is at most 1,600 characters; a concatenated MMS text stays well under this.
const messageSchema = z.object({
  MessageSid: z.string().min(1).max(64),
  AccountSid: z.string().max(64).optional(),
  From: z.string().min(1).max(256),
  To: z.string().max(256).optional(),
  Body: z.string().max(16_000).optional(),
  NumMedia: z
    .string()
    .regex(/^\d{1,5}$/)
    .optional(),
});

const read = <T>(schema: z.ZodType<T>, params: Params, what: string): T => readPayload('Twilio', schema, params, `${what} callback`);

/** A voice callback is a fragment of its call (the parent's CallSid): `assembleTwilioCall` turns the set into events. */
// Every voice callback but a recording's names the call's parties.
const withParties = voiceParamsSchema.required({ From: true, To: true });

const voiceFragment = (type: string, eventKey: string, callKey: string, params: Params, ctx: ParseContext): ParsedWebhook => {
  read(type === TwilioFragment.RecordingStatus ? voiceParamsSchema : withParties, params, type);
  return { type: 'fragment', callKey, fragment: { eventKey, type, occurredAt: ctx.receivedAt.toISOString(), data: voiceParamsOf(params) } };
};

const voice = (params: Params, ctx: ParseContext): ParsedWebhook => {
  const callSid = params.CallSid ?? '';
  if (params.DialCallStatus !== undefined) return voiceFragment(TwilioFragment.DialAction, `dial:${params.DialCallSid ?? callSid}`, callSid, params, ctx);
  if (params.RecordingStatus !== undefined) {
    if (params.RecordingStatus !== 'completed') return { type: 'ignored', reason: `non_terminal_recording_status:${params.RecordingStatus}` };
    return voiceFragment(TwilioFragment.RecordingStatus, `recording:${params.RecordingSid ?? ''}`, callSid, params, ctx);
  }
  // A status callback says where it came from and how long the leg lasted; a <Record> action request does not.
  const statusCallback = params.CallbackSource === 'call-progress-events' || params.CallDuration !== undefined;
  if (params.RecordingUrl !== undefined && !statusCallback)
    return voiceFragment(TwilioFragment.RecordAction, `record:${params.RecordingSid ?? callSid}`, callSid, params, ctx);
  const status = params.CallStatus ?? '';
  if (!TERMINAL_CALL_STATUSES.has(status)) return { type: 'ignored', reason: `non_terminal_call_status:${status}` };
  // A leg that the firm's <Dial> placed belongs to the call that dialled it.
  return voiceFragment(TwilioFragment.LegStatus, `status:${callSid}:${status}`, params.ParentCallSid || callSid, params, ctx);
};

const message = (params: Params, ctx: ParseContext): ParsedWebhook => {
  const status = params.MessageStatus ?? params.SmsStatus ?? '';
  const inbound = status === 'received';
  const outboundStatus = ownEntry(OUTBOUND_MESSAGE_STATUSES, status);
  if (!inbound && !outboundStatus) return { type: 'ignored', reason: `non_terminal_message_status:${status}` };
  // An inbound message always names the firm's number; a status callback may leave out the recipient and the text,
  // which the processor then reads from Twilio's copy of the message.
  const sms = read(inbound ? messageSchema.required({ To: true }) : messageSchema, params, 'messaging');
  // Twilio attaches at most 10 media; a larger NumMedia (up to 2^53) would allocate an array that size, or throw.
  const media = Array.from({ length: Math.min(Number(sms.NumMedia ?? 0), MAX_MEDIA) }, (_, i) => ({
    url: params[`MediaUrl${i}`],
    contentType: params[`MediaContentType${i}`],
  })).flatMap((m) => (m.url && z.url().safeParse(m.url).success ? [{ url: m.url, ...(m.contentType ? { contentType: m.contentType } : {}) }] : []));
  const [external, firm] = inbound ? [sms.From, sms.To ?? ''] : [sms.To ?? '', sms.From];
  const event: CanonicalEvent = {
    ...baseEvent('twilio', ctx),
    // One message, one event: whichever of sent/delivered/undelivered arrives first is the one logged.
    providerEventId: `message:${sms.MessageSid}`,
    providerResourceId: sms.MessageSid,
    kind: 'sms',
    direction: inbound ? 'inbound' : 'outbound',
    external: externalParty(external, undefined, ctx),
    firm: firmParty(firm, undefined, ctx),
    occurredAt: ctx.receivedAt.toISOString(),
    status: outboundStatus ?? 'received',
    ...(sms.Body === undefined ? {} : { text: sms.Body }),
    media,
    ...(sms.AccountSid ? { providerAccount: sms.AccountSid } : {}),
  };
  return { type: 'event', event };
};

/** Turns Twilio's callback parameters into a canonical event, a call fragment, or the reason it is not logged. */
export const normaliseTwilio = (params: Params, ctx: ParseContext): ParsedWebhook => {
  if (params.MessageSid !== undefined || params.SmsSid !== undefined) return message({ MessageSid: params.SmsSid ?? '', ...params }, ctx);
  if (params.CallSid !== undefined) return voice(params, ctx);
  return { type: 'ignored', reason: 'unrecognised_callback' };
};
