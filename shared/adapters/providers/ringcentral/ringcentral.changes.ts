import type { CanonicalEvent } from '../../../domain/canonical-event.js';
import type { CallFragment, ParseContext } from '../../../ports/webhook-provider.js';
import { MESSAGE_STORE_CHANGE, base, changeFragmentSchema } from './ringcentral.payload.js';

/**
 * Marks an SMS known only by its id: who texted whom is read from the message store by the processor, which drops
 * the mark; should it not be read, the event is skipped instead of being logged with parties guessed.
 */
const UNREAD_MESSAGE = { reason: 'message_unreadable', why: 'not read from the RingCentral message store' } as const;

/**
 * The SMS a message-store change names (docs/providers/ringcentral.md): one event per new SMS id, keyed
 * `message:<id>` as the instant-message event of the same message is, so a message is logged once whichever arrives
 * first. Text, parties, direction and status are completed from the message store.
 */
export const assembleMessageChanges = (fragments: readonly CallFragment[], ctx: ParseContext): readonly CanonicalEvent[] =>
  fragments
    .filter((f) => f.type === MESSAGE_STORE_CHANGE)
    .flatMap((fragment) => {
      const change = changeFragmentSchema.safeParse(fragment.data);
      if (!change.success) return [];
      const { ids, extensionId, direction } = change.data;
      return [...new Set(ids)].map((id): CanonicalEvent => ({
        ...base(ctx),
        providerEventId: `message:${id}`,
        providerResourceId: id,
        kind: 'sms',
        // The instant-message filter brings inbound SMS whole; a change its filter does not say the direction of is most
        // likely an outbound one. The message store has the last word.
        direction: direction === 'Inbound' ? 'inbound' : 'outbound',
        external: { raw: '' },
        firm: extensionId ? { userRef: extensionId } : {},
        occurredAt: fragment.occurredAt,
        status: direction === 'Inbound' ? 'received' : 'sent',
        media: [],
        skip: UNREAD_MESSAGE,
      }));
    });
