import { readFileSync } from 'node:fs';
import type { ClioSim, ClioSimSeed } from '../../local/clio-sim/server.js';
import { clioSimSeedSchema, startClioSimulator } from '../../local/clio-sim/server.js';
import type { SimClient } from '../../local/clio-sim/test-client.js';
import { dataOf, simClient } from '../../local/clio-sim/test-client.js';

const seed: ClioSimSeed = clioSimSeedSchema.parse(JSON.parse(readFileSync(new URL('../../local/fixtures/clio-demo.json', import.meta.url), 'utf8')));
const JANE_ETAG = '"9a103be2c4d54f6e8a7b9c0d1e2f1001"';
type Paged = { data: Array<{ id: number }>; meta: { paging: { next?: string; previous?: string } } };

describe('Clio simulator conventions', () => {
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

  const follow = async (next: string): Promise<Paged> => {
    const url = new URL(next);
    return (await clio.get(url.pathname + url.search)).body as Paged;
  };

  it('sends ETag and Last-Modified on a single record and answers 304 to a matching If-None-Match', async () => {
    // Act
    const first = await clio.get('/api/v4/contacts/1001.json?fields=id,etag');
    const again = await clio.get('/api/v4/contacts/1001.json?fields=id,etag', { 'If-None-Match': JANE_ETAG });
    const stale = await clio.get('/api/v4/contacts/1001.json?fields=id', { 'If-None-Match': '"old"' });
    const unmodified = await clio.get('/api/v4/matters/902.json', { 'If-Modified-Since': 'Fri, 02 Jan 2026 04:04:05 GMT' });
    // Assess
    expect(first.headers.get('etag')).toBe(JANE_ETAG);
    expect(first.headers.get('last-modified')).toBe('Fri, 02 Jan 2026 04:04:05 GMT');
    expect(dataOf<{ etag: string }>(first).etag).toBe(JANE_ETAG);
    expect([again.status, again.body, again.headers.get('etag')]).toEqual([304, undefined, JANE_ETAG]);
    expect(stale.status).toBe(200);
    expect(unmodified.status).toBe(304);
  });

  it('answers 412 PreconditionFailed to a PATCH whose If-Match is stale, and changes etag and updated_at on success', async () => {
    // Act
    const updated = await clio.patch(
      '/api/v4/contacts/1001.json?fields=id,etag,updated_at,last_name',
      { data: { last_name: 'Smith-Jones' } },
      { 'If-Match': JANE_ETAG },
    );
    const stale = await clio.patch('/api/v4/contacts/1001.json', { data: { last_name: 'Again' } }, { 'If-Match': JANE_ETAG });
    const matter = await clio.patch('/api/v4/matters/902.json', { data: { status: 'Pending' } }, { 'If-Match': '"nope"' });
    // Assess
    const data = dataOf<{ etag: string; updated_at: string; last_name: string }>(updated);
    expect(updated.status).toBe(200);
    expect(data.last_name).toBe('Smith-Jones');
    expect(data.etag).not.toBe(JANE_ETAG);
    expect(updated.headers.get('etag')).toBe(data.etag);
    expect(data.updated_at > '2026-01-02T04:04:05Z').toBe(true);
    expect(stale).toMatchObject({ status: 412, body: { error: { type: 'PreconditionFailed' } } });
    expect(matter.status).toBe(412);
    expect(sim.state().contacts.find((c) => c.id === 1001)?.last_name).toBe('Smith-Jones');
  });

  it('updates nested phone numbers by id, adds new ones and removes _destroy ones', async () => {
    // Act
    const updated = await clio.patch('/api/v4/contacts/1002.json?fields=name,phone_numbers{id,number,name,default_number}', {
      data: {
        first_name: 'Bob',
        phone_numbers: [
          { id: 78, _destroy: true },
          { number: '+14375551234', name: 'Work', default_number: true },
        ],
      },
    });
    // Assess
    expect(updated.body).toEqual({ data: { name: 'Bob Chen', phone_numbers: [{ id: 81, number: '+14375551234', name: 'Work', default_number: true }] } });
  });

  it("deletes a contact with 204 (then 404), but not a matter's client (422)", async () => {
    // Act
    const deleted = await clio.delete('/api/v4/contacts/1002.json');
    const shown = await clio.get('/api/v4/contacts/1002.json');
    const client = await clio.delete('/api/v4/contacts/1001.json');
    // Assess
    expect([deleted.status, shown.status, client.status]).toEqual([204, 404, 422]);
  });

  it('pages contacts by cursor with order=id(asc) until meta.paging.next is absent', async () => {
    // Prepare
    await clio.control('/seed', { contacts: Array.from({ length: 5 }, (_, i) => ({ id: 2001 + i, first_name: 'P', last_name: String(i) })) });
    // Act
    const first = (await clio.get('/api/v4/contacts.json?order=id(asc)&limit=4&fields=id')).body as Paged;
    const next = first.meta.paging.next ?? '';
    await clio.delete('/api/v4/contacts/1004.json');
    const second = await follow(next);
    const third = await follow(second.meta.paging.next ?? '');
    // Assess
    expect(first.data.map((c) => c.id)).toEqual([1001, 1002, 1003, 1004]);
    expect(next).toMatch(new RegExp(`^${sim.url}/api/v4/contacts\\.json\\?.*page_token=`));
    expect(second.data.map((c) => c.id)).toEqual([2001, 2002, 2003, 2004]);
    expect(third).toEqual({ data: [{ id: 2005 }], meta: { paging: {} } });
  });

  it('pages by cursor in id(desc) order too, and refuses another order and a limit over 200', async () => {
    // Act
    const first = (await clio.get('/api/v4/contacts.json?order=id(desc)&limit=3&fields=id')).body as Paged;
    const second = await follow(first.meta.paging.next ?? '');
    const byName = await clio.get('/api/v4/contacts.json?order=name(desc)');
    const tooMany = await clio.get('/api/v4/contacts.json?limit=201');
    // Assess
    expect(first.data.map((c) => c.id)).toEqual([1004, 1003, 1002]);
    expect(second).toEqual({ data: [{ id: 1001 }], meta: { paging: {} } });
    expect(byName).toMatchObject({
      status: 400,
      body: { error: { type: 'ArgumentError', message: 'order name(desc) is not one the simulator models: id(asc) or id(desc)' } },
    });
    expect(tooMany).toMatchObject({ status: 400, body: { error: { type: 'ArgumentError' } } });
  });

  it('filters contacts by updated_since and returns their phone numbers when asked', async () => {
    // Act
    const reply = await clio.get('/api/v4/contacts.json?updated_since=2025-12-10T17:45:00Z&fields=id,updated_at,phone_numbers{number}');
    // Assess
    expect(dataOf(reply)).toEqual([
      { id: 1001, updated_at: '2026-01-02T04:04:05Z', phone_numbers: [{ number: '(415) 555-0100' }] },
      { id: 1003, updated_at: '2025-12-10T17:45:00Z', phone_numbers: [{ number: '212-555-0188 (front desk)' }] },
      { id: 1004, updated_at: '2025-12-15T09:20:00Z', phone_numbers: [{ number: '+1 646-555-0142' }] },
    ]);
  });

  it('refuses a query parameter the spec does not list for the operation and logs the request as not validated', async () => {
    // Act
    const unknown = await clio.get('/api/v4/contacts.json?phone=%2B1415&fields=id');
    const known = await clio.get('/api/v4/contacts.json?query=Jane&fields=id', { 'X-API-VERSION': '4.0.13' });
    // Assess
    expect(unknown).toMatchObject({ status: 400, body: { error: { type: 'ArgumentError', message: 'phone is not a valid parameter' } } });
    expect(known.status).toBe(200);
    expect(sim.state().requests.map((r) => [r.query, r.validated, r.headers['x-api-version']])).toEqual([
      [{ phone: '+1415', fields: 'id' }, false, undefined],
      [{ query: 'Jane', fields: 'id' }, true, '4.0.13'],
    ]);
  });

  it('refuses a parameter the spec lists but the simulator does not model, rather than ignoring it', async () => {
    // Act
    const reply = await clio.get('/api/v4/contacts.json?type=Person&fields=id');
    // Assess
    expect(reply).toMatchObject({
      status: 400,
      body: { error: { type: 'ArgumentError', message: 'type is a valid parameter that the simulator does not model' } },
    });
    expect(sim.state().requests.map((r) => r.validated)).toEqual([true]);
  });

  it('serves an undocumented parameter in record mode but still logs it as not validated', async () => {
    // Prepare
    const lenient = await startClioSimulator({ seed, specValidation: 'record' });
    // Act
    const reply = await simClient(lenient.url).get('/api/v4/contacts.json?phone=1&fields=id');
    const logged = lenient.state().requests;
    await lenient.stop();
    // Assess
    expect(reply.status).toBe(200);
    expect(logged.map((r) => r.validated)).toEqual([false]);
  });

  it('answers an injected 4xx fault with the given error type', async () => {
    // Prepare
    await clio.control('/faults', { path: '/api/v4/contacts.json', status: 403, errorType: 'ForbiddenError', message: 'No contacts scope' });
    // Act
    const forbidden = await clio.get('/api/v4/contacts.json');
    const invalid = await clio.control('/faults', { path: '/api/v4/contacts.json', status: 302 });
    // Assess
    expect(forbidden).toMatchObject({ status: 403, body: { error: { type: 'ForbiddenError', message: 'No contacts scope' } } });
    expect(invalid.status).toBe(400);
  });
});
