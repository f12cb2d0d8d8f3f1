import type { CanonicalEvent } from './canonical-event.js';

/** Where a document goes in Clio: the matter's folder, else the contact's, else nowhere (the log alone). */
export type DocumentParent = { readonly type: 'Matter' | 'Contact'; readonly id: number };

export const documentParent = (ids: { readonly matterId?: number; readonly contactId?: number }): DocumentParent | undefined => {
  if (ids.matterId !== undefined) return { type: 'Matter', id: ids.matterId };
  if (ids.contactId !== undefined) return { type: 'Contact', id: ids.contactId };
  return undefined;
};

const fileSafe = (text: string): string => text.replace(/[\\/:*?"<>|]/g, '-');
const dayOf = (event: Pick<CanonicalEvent, 'startedAt' | 'occurredAt'>): string => (event.startedAt ?? event.occurredAt).slice(0, 10);

/** "Inbound fax - Jane Smith - 2026-01-02.pdf" */
export const faxDocumentName = (event: CanonicalEvent, who: string): string =>
  `${event.direction === 'outbound' ? 'Outbound' : 'Inbound'} fax - ${fileSafe(who)} - ${dayOf(event)}.pdf`;

/** Whether the bytes are a PDF (`%PDF-` first): a fax is filed as one, nothing else is. */
export const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

/** Audio formats providers record in, recognised by their first bytes (the Content-Type a host sends is not trusted). */
export type AudioFormat = { readonly extension: 'mp3' | 'wav' | 'ogg' | 'm4a' | 'flac' | 'webm'; readonly contentType: string };

const ascii = (bytes: Uint8Array, from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString('latin1');

/** The audio format of a recording's bytes, or undefined when they are not audio we file. */
export const audioFormat = (bytes: Uint8Array): AudioFormat | undefined => {
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE') return { extension: 'wav', contentType: 'audio/wav' };
  // An ID3 tag, or an MPEG audio frame header (11 sync bits).
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return { extension: 'mp3', contentType: 'audio/mpeg' };
  if (ascii(bytes, 0, 4) === 'OggS') return { extension: 'ogg', contentType: 'audio/ogg' };
  if (ascii(bytes, 0, 4) === 'fLaC') return { extension: 'flac', contentType: 'audio/flac' };
  if (ascii(bytes, 4, 8) === 'ftyp') return { extension: 'm4a', contentType: 'audio/mp4' };
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return { extension: 'webm', contentType: 'audio/webm' };
  return undefined;
};

/** "Voicemail - Jane Smith - 2026-01-02.mp3", "Call recording - Jane Smith - 2026-01-02.wav" */
export const recordingDocumentName = (event: Pick<CanonicalEvent, 'kind' | 'startedAt' | 'occurredAt'>, who: string, format: AudioFormat): string =>
  `${event.kind === 'voicemail' ? 'Voicemail' : 'Call recording'} - ${fileSafe(who)} - ${dayOf(event)}.${format.extension}`;
