import type { CanonicalEvent } from './canonical-event.js';

/** Where a fax PDF goes in Clio: the matter's folder, else the contact's, else nowhere (the log alone). */
export type DocumentParent = { readonly type: 'Matter' | 'Contact'; readonly id: number };

export const faxParent = (ids: { readonly matterId?: number; readonly contactId?: number }): DocumentParent | undefined => {
  if (ids.matterId !== undefined) return { type: 'Matter', id: ids.matterId };
  if (ids.contactId !== undefined) return { type: 'Contact', id: ids.contactId };
  return undefined;
};

/** "Inbound fax - Jane Smith - 2026-01-02.pdf" */
export const faxDocumentName = (event: CanonicalEvent, who: string): string =>
  `${event.direction === 'outbound' ? 'Outbound' : 'Inbound'} fax - ${who.replace(/[\\/:*?"<>|]/g, '-')} - ${(event.startedAt ?? event.occurredAt).slice(0, 10)}.pdf`;

/** Whether the bytes are a PDF (`%PDF-` first): a fax is filed as one, nothing else is. */
export const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
