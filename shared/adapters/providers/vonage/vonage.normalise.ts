import * as z from 'zod';
import type { InboundWebhook, ParseContext, ParsedWebhook } from '../../../ports/webhook-provider.js';
import { instantOr, jsonBody } from '../kit.js';
import { RECORD } from './vonage.legs.js';
import { inboundMessage, messageStatus } from './vonage.messages.js';
import { LEG_STATUSES, legEventSchema, machineEventSchema, read, recordEventSchema } from './vonage.payload.js';

// The documented leg statuses carry a direction; a status Vonage adds later may not, and is kept all the same.
const documentedLegSchema = legEventSchema.extend({ direction: z.string().max(512) });

/** A leg's status event: one fragment of its conversation, assembled with the others (vonage.assemble.ts). */
const legFragment = (body: Readonly<Record<string, unknown>>, ctx: ParseContext): ParsedWebhook => {
  const status = typeof body.status === 'string' ? body.status : '';
  const leg = LEG_STATUSES.has(status) ? read(documentedLegSchema, body, `${status} event`) : read(legEventSchema, body, `${status} event`);
  return {
    type: 'fragment',
    callKey: leg.conversation_uuid,
    fragment: { eventKey: `${leg.uuid}:${leg.status}`, type: leg.status, occurredAt: instantOr(leg.timestamp, ctx.receivedAt), data: leg },
  };
};

/** An NCCO `record` finished: a voicemail, or the recording of a call, of the conversation it names. */
const recordFragment = (body: Readonly<Record<string, unknown>>, ctx: ParseContext): ParsedWebhook => {
  const record = read(recordEventSchema, body, 'record event');
  return {
    type: 'fragment',
    callKey: record.conversation_uuid,
    fragment: {
      eventKey: `record:${record.recording_uuid ?? record.recording_url}`,
      type: RECORD,
      occurredAt: instantOr(record.end_time ?? record.timestamp, ctx.receivedAt),
      data: record,
    },
  };
};

/** Advanced machine detection: a `machine` verdict means no person took the leg. */
const machineFragment = (body: Readonly<Record<string, unknown>>, ctx: ParseContext): ParsedWebhook => {
  const verdict = read(machineEventSchema, body, `${String(body.status)} event`);
  return {
    type: 'fragment',
    callKey: verdict.conversation_uuid,
    fragment: { eventKey: `${verdict.call_uuid}:${verdict.status}`, type: 'machine', occurredAt: instantOr(verdict.timestamp, ctx.receivedAt), data: verdict },
  };
};

/**
 * Vonage Voice API event webhooks and Messages API callbacks (docs/providers/vonage.md): call-leg events and
 * recordings are fragments of their conversation; an inbound SMS and the first status of an SMS the firm sent are
 * events; anything else (`input`, `transfer`, a WebSocket's `disconnected`, errors, other channels) is acknowledged
 * and not logged.
 */
export const normaliseVonage = (request: InboundWebhook, ctx: ParseContext): ParsedWebhook => {
  const body = jsonBody(request, 'Vonage webhook');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { type: 'ignored', reason: 'unrecognised_callback' };
  const fields = body as Readonly<Record<string, unknown>>;
  if ('message_uuid' in fields) return 'status' in fields ? messageStatus(fields, ctx) : inboundMessage(fields, ctx);
  if ('recording_url' in fields && !('status' in fields)) return recordFragment(fields, ctx);
  if ('call_uuid' in fields && (fields.status === 'human' || fields.status === 'machine')) return machineFragment(fields, ctx);
  // A WebSocket the NCCO connected dropped (developer.vonage.com/en/voice/voice-api/concepts/websockets): nobody talks
  // on a WebSocket, so it says nothing the log needs.
  if ('uuid' in fields && fields.status === 'disconnected') return { type: 'ignored', reason: 'websocket_disconnected' };
  if ('uuid' in fields && 'status' in fields) return legFragment(fields, ctx);
  return { type: 'ignored', reason: 'unrecognised_callback' };
};
