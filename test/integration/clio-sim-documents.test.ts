import { readFileSync } from 'node:fs';
import type { ClioSim, ClioSimSeed } from '../../local/clio-sim/server.js';
import { clioSimSeedSchema, startClioSimulator } from '../../local/clio-sim/server.js';
import type { SimClient, SimReply } from '../../local/clio-sim/test-client.js';
import { dataOf, simClient } from '../../local/clio-sim/test-client.js';

const seed: ClioSimSeed = clioSimSeedSchema.parse(JSON.parse(readFileSync(new URL('../../local/fixtures/clio-demo.json', import.meta.url), 'utf8')));
/** A PDF-looking payload with bytes that are not valid UTF-8, so any text decoding would corrupt it. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff, 0x80]), Buffer.from('\n%%EOF\n')]);
const CREATE_FIELDS = 'id,latest_document_version{uuid,put_url,put_headers}';

interface Upload {
  id: number;
  latest_document_version: { uuid: string; put_url: string; put_headers: Array<{ name: string; value: string }> };
}

describe('Clio simulator documents', () => {
  let sim: ClioSim;
  let clio: SimClient;
  beforeAll(async () => {
    sim = await startClioSimulator({ seed });
    clio = simClient(sim.url);
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await clio.control('/reset');
  });

  const create = async (data: Record<string, unknown> = {}): Promise<Upload> =>
    dataOf<Upload>(
      await clio.post(`/api/v4/documents.json?fields=${CREATE_FIELDS}`, {
        data: { name: 'Inbound Fax - Jane Smith.pdf', parent: { id: 902, type: 'Matter' }, ...data },
      }),
    );
  const put = (upload: Upload, headers: Record<string, string>, body: Buffer = PDF): Promise<Response> =>
    fetch(upload.latest_document_version.put_url, { method: 'PUT', headers, body });
  const headersOf = (upload: Upload): Record<string, string> => Object.fromEntries(upload.latest_document_version.put_headers.map((h) => [h.name, h.value]));
  const finish = (upload: Upload): Promise<SimReply> =>
    clio.patch(`/api/v4/documents/${upload.id}.json?fields=id,latest_document_version{fully_uploaded}`, {
      data: { uuid: upload.latest_document_version.uuid, fully_uploaded: true },
    });

  it('uploads a PDF in three steps and keeps its bytes intact', async () => {
    // Prepare
    const upload = await create({ received_at: '2026-01-02T08:04:05Z' });
    // Act
    const stored = await put(upload, headersOf(upload));
    const finished = await finish(upload);
    const shown = await clio.get(
      `/api/v4/documents.json?ids[]=${upload.id}&fields=id,name,received_at,matter{id},parent{id,root},latest_document_version{fully_uploaded,size,content_type}`,
    );
    // Assess
    expect(upload.latest_document_version.put_url).toMatch(
      new RegExp(`^${sim.url}/__uploads/${upload.latest_document_version.uuid}\\?X-Amz-Expires=600&.*X-Amz-Signature=[0-9a-f]{64}$`),
    );
    expect(upload.latest_document_version.put_headers).toEqual([
      { name: 'x-amz-server-side-encryption', value: 'AES256' },
      { name: 'Content-Type', value: 'application/pdf' },
    ]);
    expect(stored.status).toBe(200);
    expect(finished.body).toEqual({ data: { id: upload.id, latest_document_version: { fully_uploaded: true } } });
    expect(dataOf(shown)).toEqual([
      {
        id: upload.id,
        name: 'Inbound Fax - Jane Smith.pdf',
        received_at: '2026-01-02T08:04:05Z',
        matter: { id: 902 },
        parent: { id: expect.any(Number) as number, root: true },
        latest_document_version: { fully_uploaded: true, size: PDF.length, content_type: 'application/pdf' },
      },
    ]);
    expect(sim.documentContent(upload.id)?.equals(PDF)).toBe(true);
  });

  it.each([
    ['without x-amz-server-side-encryption', (h: Record<string, string>) => ({ 'Content-Type': h['Content-Type'] ?? '' })],
    ['with another Content-Type', (h: Record<string, string>) => ({ ...h, 'Content-Type': 'application/octet-stream' })],
  ])('refuses a PUT %s with 403 like S3, and the upload is then not found', async (_case, headers) => {
    // Prepare
    const upload = await create();
    // Act
    const stored = await put(upload, headers(headersOf(upload)));
    const finished = await finish(upload);
    // Assess
    expect(stored.status).toBe(403);
    expect(await stored.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(finished).toMatchObject({
      status: 422,
      body: { error: { type: 'UploadNotFoundError', message: expect.stringContaining(upload.latest_document_version.uuid) as string } },
    });
  });

  it('refuses a PUT with a tampered signature', async () => {
    // Prepare
    const upload = await create();
    const url = new URL(upload.latest_document_version.put_url);
    url.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    // Act
    const stored = await fetch(url, { method: 'PUT', headers: headersOf(upload), body: PDF });
    // Assess
    expect(stored.status).toBe(403);
  });

  it('answers UploadTimeoutError once when that fault is armed, then succeeds on retry', async () => {
    // Prepare
    const upload = await create();
    await put(upload, headersOf(upload));
    await clio.control('/faults', { method: 'PATCH', path: `/api/v4/documents/${upload.id}.json`, status: 422, errorType: 'UploadTimeoutError' });
    // Act
    const timedOut = await finish(upload);
    const retried = await finish(upload);
    // Assess
    expect(timedOut).toMatchObject({
      status: 422,
      body: { error: { type: 'UploadTimeoutError', message: 'A timeout occurred verifying the remote file. Please try the request again.' } },
    });
    expect(retried.status).toBe(200);
  });

  it("finds completed documents by external property, in the contact's or matter's root folder, and uncompleted ones only on request", async () => {
    // Prepare
    const tagged = (value: string) => ({ external_properties: [{ name: 'telephony_event_id', value }] });
    const onMatter = await create(tagged('evt-1'));
    await put(onMatter, headersOf(onMatter));
    await finish(onMatter);
    const onContact = await create({ name: 'voicemail.mp3', parent: { id: 1002, type: 'Contact' }, ...tagged('evt-2') });
    await put(onContact, headersOf(onContact));
    await finish(onContact);
    const pending = await create({ name: 'pending.pdf', ...tagged('evt-1') });
    const search = (value: string, extra = '') =>
      clio.get(
        `/api/v4/documents.json?external_property_name=telephony_event_id&external_property_value=${value}${extra}&fields=id,content_type,contact{id},matter{id}`,
      );
    // Act
    const first = await search('evt-1');
    const second = await search('evt-2');
    const withPending = await search('evt-1', '&show_uncompleted=true');
    // Assess
    expect(dataOf(first)).toEqual([{ id: onMatter.id, content_type: 'application/pdf', contact: null, matter: { id: 902 } }]);
    expect(dataOf(second)).toEqual([{ id: onContact.id, content_type: 'audio/mpeg', contact: { id: 1002 }, matter: null }]);
    expect(dataOf<Array<{ id: number }>>(withPending).map((d) => d.id)).toEqual([onMatter.id, pending.id]);
    expect(sim.state().folders.map((f) => [f.root, f.matter?.id ?? null, f.contact?.id ?? null])).toEqual([
      [true, 902, null],
      [true, null, 1002],
    ]);
  });

  it.each([
    ['no name', { parent: { id: 902, type: 'Matter' } }],
    ['no parent', { name: 'a.pdf' }],
    ['a parent that does not exist', { name: 'a.pdf', parent: { id: 9999, type: 'Matter' } }],
    ['an unknown parent type', { name: 'a.pdf', parent: { id: 902, type: 'Drawer' } }],
    ['a Folder parent, which is not modelled', { name: 'a.pdf', parent: { id: 1, type: 'Folder' } }],
    ['a communication_id, which is not modelled', { name: 'a.pdf', parent: { id: 902, type: 'Matter' }, communication_id: 1 }],
  ])('refuses a document with %s with 422', async (_case, data) => {
    // Act
    const reply = await clio.post('/api/v4/documents.json', { data });
    // Assess
    expect(reply).toMatchObject({ status: 422, body: { error: { type: 'ValidationError' } } });
  });
});
