import { SAMPLE_FAX_PDF, SAMPLE_RECORDING_WAV } from '../../../local/media-server.js';
import { audioFormat, documentParent, isPdf, recordingDocumentName } from '../../../shared/domain/documents.js';
import { anEvent } from '../../support/events.js';

const bytes = (...values: (number | string)[]): Uint8Array =>
  new Uint8Array(Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v])))));

describe('documents filed with a log', () => {
  it.each<[string, Uint8Array, string | undefined]>([
    ['a WAV file', new Uint8Array(SAMPLE_RECORDING_WAV), 'wav'],
    ['an MP3 with an ID3 tag', bytes('ID3', 4, 0, 0), 'mp3'],
    ['an MP3 starting on a frame header', bytes(0xff, 0xfb, 0x90, 0x64), 'mp3'],
    ['an Ogg stream', bytes('OggS', 0, 2), 'ogg'],
    ['a FLAC file', bytes('fLaC', 0), 'flac'],
    ['an M4A file', bytes(0, 0, 0, 0x20, 'ftypM4A '), 'm4a'],
    ['a WebM file', bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f), 'webm'],
    ['a sign-in page served as audio/mpeg', bytes('<html><body>Please sign in'), undefined],
    ['a RIFF file that is not WAVE', bytes('RIFF', 0, 0, 0, 0, 'AVI '), undefined],
    ['a PDF', new Uint8Array(SAMPLE_FAX_PDF), undefined],
    ['nothing', new Uint8Array(0), undefined],
  ])('knows %s by its first bytes', (_what, content, extension) => {
    expect(audioFormat(content)?.extension).toBe(extension);
  });

  it('tells a PDF by its first bytes only', () => {
    expect([isPdf(new Uint8Array(SAMPLE_FAX_PDF)), isPdf(new Uint8Array(SAMPLE_RECORDING_WAV))]).toEqual([true, false]);
  });

  it('names a recording after what it is, whom it was with and the day, without characters a file name cannot hold', () => {
    const wav = audioFormat(new Uint8Array(SAMPLE_RECORDING_WAV));
    if (!wav) throw new Error('the sample is a WAV file');
    expect(recordingDocumentName(anEvent({ kind: 'voicemail', startedAt: '2026-11-30T15:03:00.000Z' }), 'Jane Smith (+1 415-555-0100)', wav)).toBe(
      'Voicemail - Jane Smith (+1 415-555-0100) - 2026-11-30.wav',
    );
    expect(recordingDocumentName(anEvent({ kind: 'call', startedAt: '2026-12-01T09:00:00.000Z' }), 'Smith/Jones: "LLP"', wav)).toBe(
      'Call recording - Smith-Jones- -LLP- - 2026-12-01.wav',
    );
  });

  it('files under the matter, else the contact, else nowhere', () => {
    expect([documentParent({ matterId: 902, contactId: 1001 }), documentParent({ contactId: 1001 }), documentParent({})]).toEqual([
      { type: 'Matter', id: 902 },
      { type: 'Contact', id: 1001 },
      undefined,
    ]);
  });
});
