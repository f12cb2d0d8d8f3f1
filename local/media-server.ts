import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A one-page PDF as a fax machine would send it (binary bytes included, to prove nothing is re-encoded). */
export const SAMPLE_FAX_PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
  Buffer.from('\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 1>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'),
]);

/** Half a second of 8 kHz 16-bit mono silence as a WAV file: what a provider's recording link serves. */
export const SAMPLE_RECORDING_WAV = (() => {
  const samples = Buffer.alloc(8_000);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8_000, 24);
  header.writeUInt32LE(16_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
})();

/**
 * Serves files the way a provider's media host does (a presigned link: no credentials), so faxes can be
 * downloaded on this machine. Unknown paths answer 403, as an expired S3 link does.
 */
export const startMediaServer = async (files: Readonly<Record<string, { body: Buffer; contentType: string }>>) => {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://media').pathname];
    if (!file) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.body.length) });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
