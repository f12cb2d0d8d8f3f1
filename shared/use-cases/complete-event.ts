// (use case: process one event) --> what the queued event stands for, completed from the call's callbacks and the provider
import { canonicalEventSchema, type CanonicalEvent } from '../domain/canonical-event.js';
import type { Trace } from '../domain/outcome.js';
import type { Settings } from '../domain/settings.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import type { Clock } from '../ports/clock.js';
import type { MessageLookup } from '../ports/message-lookup.js';
import type { WebhookProviders } from '../ports/webhook-provider.js';

export interface EventCompletionDeps {
  readonly callState: CallStateStore;
  readonly providers: WebhookProviders;
  readonly messages: MessageLookup;
  readonly clock: Clock;
}

/**
 * The event as it is logged: an assembled call is assembled again from every callback of the call stored by now
 * (the one queued was only the first to complete it), and an outgoing SMS whose status callback carried no text
 * is completed from the provider's copy of the message. Every step is in the trace (docs/calls.md).
 */
export const createEventCompletion = (deps: EventCompletionDeps) => {
  const reassembled = async (event: CanonicalEvent, settings: Settings, trace: Trace): Promise<CanonicalEvent> => {
    const { assembly } = event;
    const provider = deps.providers[event.provider];
    if (!assembly || !provider.assemble) return event;
    const fragments = await deps.callState.fragments(event.tenantId, event.provider, assembly.callKey);
    const context = { tenantId: event.tenantId, settings, receivedAt: deps.clock.now(), correlationId: event.correlationId, settleSeconds: 0 };
    const current = provider.assemble(fragments, context).find((e) => e.providerEventId === event.providerEventId && e.amends === undefined);
    trace.add('assembly', current ? 'reassembled' : 'as_queued', { callbacks: fragments.length, kind: (current ?? event).kind, status: (current ?? event).status });
    return current ?? event;
  };

  const withMessage = async (event: CanonicalEvent, trace: Trace): Promise<CanonicalEvent> => {
    if (event.kind !== 'sms' || event.direction !== 'outbound' || (event.text !== undefined && event.external.raw !== '')) return event;
    try {
      const stored = await deps.messages.find(event);
      if (!stored) return event;
      trace.add('message_text', stored.text === undefined ? 'empty' : 'fetched', { from: 'provider' });
      return {
        ...event,
        ...(event.text === undefined && stored.text !== undefined ? { text: stored.text } : {}),
        ...(event.external.raw === '' && stored.to ? { external: { raw: stored.to } } : {}),
      };
    } catch (error) {
      trace.add('message_text', 'unavailable', { why: error instanceof Error ? error.message : String(error) });
      return event;
    }
  };

  // What was assembled again or read from the provider is read as the ingest reads an event: its free text cut to
  // its bounds. Should it not read as a canonical event, the event as queued is logged.
  return async (event: CanonicalEvent, settings: Settings, trace: Trace): Promise<CanonicalEvent> =>
    canonicalEventSchema.safeParse(await withMessage(await reassembled(event, settings, trace), trace)).data ?? event;
};
