// (use case: process one event) --> what the queued event stands for, completed from the call's callbacks and the provider
import { canonicalEventSchema, type CanonicalEvent } from '../domain/canonical-event.js';
import { RetryableError } from '../domain/errors.js';
import type { Trace } from '../domain/outcome.js';
import type { Settings } from '../domain/settings.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import type { Clock } from '../ports/clock.js';
import { toE164 } from '../domain/phone.js';
import type { MessageLookup, StoredMessage } from '../ports/message-lookup.js';
import type { WebhookProviders } from '../ports/webhook-provider.js';

export interface EventCompletionDeps {
  readonly callState: CallStateStore;
  readonly providers: WebhookProviders;
  readonly messages: MessageLookup;
  readonly clock: Clock;
}

/** An SMS whose callback left out its text (an outgoing message's status) or its parties (a message known by id). */
const needsMessage = (event: CanonicalEvent): boolean =>
  event.kind === 'sms' && (event.external.raw === '' || (event.direction === 'outbound' && event.text === undefined));

/**
 * The SMS with what the provider's copy adds: its text, and where the callback left them out its parties; where the
 * copy says the direction (RingCentral's message store), also the direction, status and time it gives.
 */
const completed = (event: CanonicalEvent, stored: StoredMessage, settings: Settings): CanonicalEvent => {
  // Read: the mark of a message known only by its id goes.
  const { skip, ...rest } = event;
  const direction = stored.direction ?? event.direction;
  const inbound = direction === 'inbound';
  const [other, own] = inbound ? [stored.from, stored.to] : [stored.to, stored.from];
  const firmE164 = stored.direction && own && !event.firm.e164 ? toE164(own, settings.defaultCountry) : undefined;
  const created = stored.direction && stored.occurredAt ? Date.parse(stored.occurredAt) : Number.NaN;
  return {
    ...rest,
    direction,
    ...(skip && skip.reason !== 'message_unreadable' ? { skip } : {}),
    ...(event.text === undefined && stored.text !== undefined ? { text: stored.text } : {}),
    ...(event.external.raw === '' && other
      ? { external: { raw: other, ...(inbound && stored.callerIdName ? { callerIdName: stored.callerIdName } : {}) } }
      : {}),
    ...(firmE164 ? { firm: { ...event.firm, e164: firmE164 } } : {}),
    ...(stored.direction && stored.status ? { status: stored.status } : {}),
    ...(Number.isNaN(created) ? {} : { occurredAt: new Date(created).toISOString() }),
  };
};

/**
 * The event as it is logged: an assembled call is assembled again from every callback of the call stored by now
 * (the one queued was only the first to complete it), and an SMS whose callback carried no text or no parties is
 * completed from the provider's copy of the message. Every step is in the trace (docs/calls.md).
 */
export const createEventCompletion = (deps: EventCompletionDeps) => {
  const reassembled = async (event: CanonicalEvent, settings: Settings, trace: Trace): Promise<CanonicalEvent> => {
    const { assembly } = event;
    const provider = deps.providers[event.provider];
    if (!assembly || !provider.assemble) return event;
    const fragments = await deps.callState.fragments(event.tenantId, event.provider, assembly.callKey);
    const context = { tenantId: event.tenantId, settings, receivedAt: deps.clock.now(), correlationId: event.correlationId, settleSeconds: 0 };
    const current = provider.assemble(fragments, context).find((e) => e.providerEventId === event.providerEventId && e.amends === undefined);
    trace.add('assembly', current ? 'reassembled' : 'as_queued', {
      callbacks: fragments.length,
      kind: (current ?? event).kind,
      status: (current ?? event).status,
    });
    return current ?? event;
  };

  const withMessage = async (event: CanonicalEvent, settings: Settings, trace: Trace): Promise<CanonicalEvent> => {
    if (!needsMessage(event)) return event;
    try {
      const stored = await deps.messages.find(event);
      if (!stored) return event;
      trace.add('message_text', stored.text === undefined ? 'empty' : 'fetched', { from: 'provider' });
      return completed(event, stored, settings);
    } catch (error) {
      // A message known only by its id is lost for good if skipped: while the provider is down, it is retried instead.
      if (error instanceof RetryableError && event.skip?.reason === 'message_unreadable') throw error;
      trace.add('message_text', 'unavailable', { why: error instanceof Error ? error.message : String(error) });
      return event;
    }
  };

  // What was assembled again or read from the provider is read as the ingest reads an event: its free text cut to
  // its bounds. Should it not read as a canonical event, the event as queued is logged.
  return async (event: CanonicalEvent, settings: Settings, trace: Trace): Promise<CanonicalEvent> =>
    canonicalEventSchema.safeParse(await withMessage(await reassembled(event, settings, trace), settings, trace)).data ?? event;
};
