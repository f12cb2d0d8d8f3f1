import { readFileSync } from 'node:fs';
import type { ClioSim, ClioSimSeed } from '../../local/clio-sim/server.js';
import { clioSimSeedSchema, startClioSimulator } from '../../local/clio-sim/server.js';

const seed: ClioSimSeed = clioSimSeedSchema.parse(JSON.parse(readFileSync(new URL('../../local/fixtures/clio-demo.json', import.meta.url), 'utf8')));
const TOKEN = 'demo-clio-access-token';

interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(sim: ClioSim, path: string, init: RequestInit & { token?: string | null } = {}): Promise<Reply> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const response = await fetch(`${sim.url}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
}

const post = (sim: ClioSim, path: string, body: unknown): Promise<Reply> => call(sim, path, { method: 'POST', body: JSON.stringify(body) });

describe('Clio simulator', () => {
  let sim: ClioSim;
  beforeAll(async () => {
    sim = await startClioSimulator({ seed });
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
  });

  it('answers 401 with the OAuth-style body without a valid bearer token', async () => {
    // Act
    const missing = await call(sim, '/api/v4/users/who_am_i.json', { token: null });
    const unknown = await call(sim, '/api/v4/users/who_am_i.json', { token: 'nope' });
    // Assess
    const body = { error: 'invalid_token', error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.' };
    expect(missing).toMatchObject({ status: 401, body });
    expect(unknown).toMatchObject({ status: 401, body });
  });

  it('returns only id and etag without fields, and the selected fields with them', async () => {
    // Act
    const bare = await call(sim, '/api/v4/users/who_am_i.json');
    const chosen = await call(sim, '/api/v4/users/who_am_i.json?fields=id,name,email,time_zone');
    // Assess
    expect(bare.body).toEqual({ data: { id: 345, etag: expect.any(String) as string } });
    expect(chosen.body).toEqual({ data: { id: 345, name: 'Alex Lawyer', email: 'alex@firm.example', time_zone: 'America/New_York' } });
    expect(chosen.headers.get('x-api-version')).toBe('4.0.13');
  });

  it.each([
    ['an unknown field', 'id,nickname', 'nickname is not a valid field'],
    ['an unknown nested field', 'id,phone_numbers{digits}', 'digits is not a valid field'],
    ['a second nesting level', 'id,phone_numbers{number{x}}', 'number{x} is not a valid field'],
  ])('rejects %s with 400 ArgumentError', async (_case, fields, message) => {
    // Act
    const reply = await call(sim, `/api/v4/contacts.json?fields=${encodeURIComponent(fields)}`);
    // Assess
    expect(reply).toMatchObject({ status: 400, body: { error: { type: 'ArgumentError', message } } });
  });

  it.each([
    ['+14155550100', []],
    ['4155550100', []],
    ['(415) 555-0100', [1001]],
    ['555-0100', [1001]],
    ['JANE', [1001]],
    ['front desk', [1003]],
    ['jane.smith@', [1001]],
  ])('matches query=%s as a raw case-insensitive substring', async (query, ids) => {
    // Act
    const reply = await call(sim, `/api/v4/contacts.json?query=${encodeURIComponent(query)}&fields=id`);
    // Assess
    expect(reply.body).toEqual({ data: ids.map((id) => ({ id })), meta: { paging: {} } });
  });

  it('returns phone fields and the primary number of a contact', async () => {
    // Act
    const reply = await call(
      sim,
      '/api/v4/contacts.json?query=Smith&fields=id,name,is_client,updated_at,primary_phone_number,phone_numbers{id,number,name,default_number}',
    );
    // Assess
    expect(reply.body).toEqual({
      data: [
        {
          id: 1001,
          name: 'Jane Smith',
          is_client: true,
          updated_at: '2026-01-02T04:04:05Z',
          primary_phone_number: '(415) 555-0100',
          phone_numbers: [{ id: 77, number: '(415) 555-0100', name: 'Work', default_number: true }],
        },
      ],
      meta: { paging: {} },
    });
  });

  it('creates a contact (201, id and etag only) that a query then finds', async () => {
    // Act
    const created = await post(sim, '/api/v4/contacts.json', {
      data: { type: 'Person', first_name: 'Ada', last_name: 'Park', phone_numbers: [{ name: 'Mobile', number: '+15551234567', default_number: true }] },
    });
    const found = await call(sim, '/api/v4/contacts.json?query=%2B15551234567&fields=id,name,type,is_client');
    // Assess
    expect(created).toMatchObject({
      status: 201,
      body: { data: { id: expect.any(Number) as number, etag: expect.stringMatching(/^"[0-9a-f]+"$/) as string } },
    });
    expect(Object.keys((created.body as { data: object }).data)).toEqual(['id', 'etag']);
    expect(found.body).toMatchObject({ data: [{ name: 'Ada Park', type: 'Person', is_client: false }] });
  });

  it.each([
    ['a Person without first or last name', { type: 'Person', name: 'Ada' }, 'At least one of first name or last name must be provided'],
    ['a contact without type', { first_name: 'Ada' }, "Type can't be blank"],
  ])('refuses %s with 422', async (_case, data, message) => {
    // Act
    const reply = await post(sim, '/api/v4/contacts.json', { data });
    // Assess
    expect(reply).toMatchObject({ status: 422, body: { error: { type: 'ValidationError', message } } });
  });

  it('creates a communication and reads it back with Clio participant types', async () => {
    // Prepare
    const data = {
      type: 'PhoneCommunication',
      subject: 'Inbound call',
      body: 'Duration: 5 minutes',
      received_at: '2026-01-02T08:04:05.000Z',
      senders: [{ id: 1001, type: 'Contact' }],
      receivers: [{ id: 345, type: 'User' }],
      matter: { id: 902 },
      external_properties: [{ name: 'telephony_event_id', value: 'evt-123' }],
    };
    // Act
    const created = await post(sim, '/api/v4/communications.json?fields=id,type,date,received_at,matter{id,display_number},senders,receivers', { data });
    const listed = await call(
      sim,
      '/api/v4/communications.json?external_property_name=telephony_event_id&external_property_value=evt-123&fields=id,subject,external_properties{name,value}',
    );
    const other = await call(sim, '/api/v4/communications.json?external_property_name=telephony_event_id&external_property_value=evt-999');
    // Assess
    expect(created).toMatchObject({
      status: 201,
      body: {
        data: {
          type: 'PhoneCommunication',
          date: '2026-01-02',
          received_at: '2026-01-02T08:04:05Z',
          matter: { id: 902, display_number: '00902-Smith' },
          senders: [{ id: 1001, type: 'Person', name: 'Jane Smith' }],
          receivers: [{ id: 345, type: 'User', name: 'Alex Lawyer' }],
        },
      },
    });
    const id = (created.body as { data: { id: number } }).data.id;
    expect(listed.body).toEqual({
      data: [{ id, subject: 'Inbound call', external_properties: [{ name: 'telephony_event_id', value: 'evt-123' }] }],
      meta: { paging: {} },
    });
    expect(other.body).toEqual({ data: [], meta: { paging: {} } });
  });

  it.each([
    ['no subject', { type: 'PhoneCommunication', body: 'b' }],
    ['an unknown type', { type: 'SmsCommunication', subject: 's', body: 'b' }],
    ['a matter that does not exist', { type: 'PhoneCommunication', subject: 's', body: 'b', matter: { id: 9999 } }],
    ['a contact that does not exist', { type: 'PhoneCommunication', subject: 's', body: 'b', senders: [{ id: 9999, type: 'Contact' }] }],
    [
      'six external properties',
      { type: 'PhoneCommunication', subject: 's', body: 'b', external_properties: [1, 2, 3, 4, 5, 6].map((n) => ({ name: `k${n}`, value: 'v' })) },
    ],
  ])('refuses a communication with %s with 422', async (_case, data) => {
    // Act
    const reply = await post(sim, '/api/v4/communications.json', { data });
    // Assess
    expect(reply).toMatchObject({ status: 422, body: { error: { type: 'ValidationError' } } });
    expect(sim.state().communications).toHaveLength(0);
  });

  it('filters matters by client and lower-case status list', async () => {
    // Act
    const open = await call(sim, '/api/v4/matters.json?client_id=1001&status=open,pending&fields=id,display_number,description,status');
    const closed = await call(sim, '/api/v4/matters.json?client_id=1001&status=closed');
    // Assess
    expect(open.body).toEqual({ data: [{ id: 902, display_number: '00902-Smith', description: 'Estate plan', status: 'Open' }], meta: { paging: {} } });
    expect(closed.body).toEqual({ data: [], meta: { paging: {} } });
  });

  it('answers 400 to malformed JSON, 404 to unknown routes and 410 to a bad X-API-VERSION', async () => {
    // Act
    const malformed = await call(sim, '/api/v4/contacts.json', { method: 'POST', body: '{"data":' });
    const unknown = await call(sim, '/api/v4/widgets.json');
    const gone = await call(sim, '/api/v4/users/who_am_i.json', { headers: { 'X-API-VERSION': '3.1' } });
    const pinned = await call(sim, '/api/v4/users/who_am_i.json', { headers: { 'X-API-VERSION': '4.0.12' } });
    // Assess
    expect(malformed).toMatchObject({ status: 400, body: { error: { type: 'ArgumentError' } } });
    expect(unknown).toMatchObject({ status: 404, body: { error: { type: 'NotFound' } } });
    expect(gone.status).toBe(410);
    expect(pinned.headers.get('x-api-version')).toBe('4.0.12');
  });

  it('serves injected faults for the next matching requests, then recovers', async () => {
    // Prepare
    await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ method: 'GET', path: '/api/v4/contacts.json', status: 503, times: 1 }) });
    await fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/api/v4/matters.json', status: 429, times: 1, retryAfterSeconds: 7 }),
    });
    // Act
    const failed = await call(sim, '/api/v4/contacts.json');
    const recovered = await call(sim, '/api/v4/contacts.json');
    const limited = await call(sim, '/api/v4/matters.json');
    // Assess
    expect(failed).toMatchObject({ status: 503, body: { error: { type: 'ServiceUnavailable' } } });
    expect(recovered.status).toBe(200);
    expect(limited).toMatchObject({ status: 429, body: { error: { type: 'RateLimited' } } });
    expect(limited.headers.get('retry-after')).toBe('7');
  });

  it('issues a new access token on the refresh grant and keeps the old one valid', async () => {
    // Prepare
    const form = (refreshToken: string, secret = 'call-connector-local-secret'): RequestInit => ({
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'call-connector-local', client_secret: secret, refresh_token: refreshToken }),
    });
    // Act
    const granted = await fetch(`${sim.url}/oauth/token`, form('demo-clio-refresh-token'));
    const body = (await granted.json()) as { access_token: string };
    const fresh = await call(sim, '/api/v4/users/who_am_i.json', { token: body.access_token });
    const old = await call(sim, '/api/v4/users/who_am_i.json');
    const badClient = await fetch(`${sim.url}/oauth/token`, form('demo-clio-refresh-token', 'wrong'));
    const badGrant = await fetch(`${sim.url}/oauth/token`, form('unknown'));
    // Assess
    expect(body).toEqual({ token_type: 'bearer', access_token: expect.any(String) as string, expires_in: 2592000 });
    expect([fresh.status, old.status]).toEqual([200, 200]);
    expect([badClient.status, await badClient.json()]).toEqual([401, { error: 'invalid_client' }]);
    expect([badGrant.status, await badGrant.json()]).toEqual([400, { error: 'invalid_grant' }]);
  });

  it('exchanges an authorization code once for an access and a refresh token', async () => {
    // Prepare
    const redirect = 'http://localhost:3000/oauth/callback';
    const authorize = await fetch(
      `${sim.url}/oauth/authorize?response_type=code&client_id=call-connector-local&state=s1&redirect_uri=${encodeURIComponent(redirect)}`,
      { redirect: 'manual' },
    );
    const location = new URL(authorize.headers.get('location') ?? 'http://invalid');
    const exchange = (): Promise<Response> =>
      fetch(`${sim.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'call-connector-local',
          client_secret: 'call-connector-local-secret',
          code: location.searchParams.get('code') ?? '',
          redirect_uri: redirect,
        }),
      });
    // Act
    const first = (await (await exchange()).json()) as { access_token: string; refresh_token: string };
    const second = await exchange();
    const me = await call(sim, '/api/v4/users/who_am_i.json', { token: first.access_token });
    // Assess
    expect([authorize.status, location.searchParams.get('state')]).toEqual([302, 's1']);
    expect(first).toMatchObject({ token_type: 'bearer', expires_in: 2592000, refresh_token: expect.any(String) as string });
    expect(second.status).toBe(400);
    expect(me.body).toMatchObject({ data: { id: 345 } });
  });

  it('pages lists with limit and meta.paging.next, and refuses a limit over 200', async () => {
    // Act
    const first = await call(sim, '/api/v4/contacts.json?limit=2&fields=id');
    const next = new URL((first.body as { meta: { paging: { next: string } } }).meta.paging.next);
    const second = await call(sim, next.pathname + next.search);
    const tooMany = await call(sim, '/api/v4/contacts.json?limit=201');
    // Assess
    expect((first.body as { data: unknown }).data).toEqual([{ id: 1001 }, { id: 1002 }]);
    expect(second.body).toEqual({ data: [{ id: 1003 }, { id: 1004 }], meta: { paging: {} } });
    expect(tooMany.status).toBe(400);
  });

  it('merges POST /__sim/seed into the state, and POST /__sim/reset restores the original seed', async () => {
    // Prepare
    const extra = { contacts: [{ id: 2001, first_name: 'Mo', last_name: 'Ali', phone_numbers: [{ number: '555 0199' }] }] };
    // Act
    const seeded = await fetch(`${sim.url}/__sim/seed`, { method: 'POST', body: JSON.stringify(extra) });
    const merged = sim.state().contacts.map((c) => c.id);
    const invalid = await fetch(`${sim.url}/__sim/seed`, { method: 'POST', body: JSON.stringify({ contacts: [{ type: 'Robot' }] }) });
    await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
    // Assess
    expect([seeded.status, invalid.status]).toEqual([200, 400]);
    expect(merged).toEqual([1001, 1002, 1003, 1004, 2001]);
    expect(sim.state().contacts.map((c) => c.id)).toEqual([1001, 1002, 1003, 1004]);
  });

  it('logs every API request but no control request', async () => {
    // Act
    await call(sim, '/api/v4/contacts.json?query=Jane&fields=id');
    await call(sim, '/api/v4/widgets.json');
    await fetch(`${sim.url}/__sim/state`);
    // Assess
    expect(sim.state().requests).toEqual([
      { method: 'GET', path: '/api/v4/contacts.json', query: { query: 'Jane', fields: 'id' }, status: 200, headers: {}, validated: true },
      { method: 'GET', path: '/api/v4/widgets.json', query: {}, status: 404, headers: {}, validated: false },
    ]);
  });
});

describe('Clio simulator rate limit', () => {
  let sim: ClioSim;
  beforeAll(async () => {
    sim = await startClioSimulator({ seed, rateLimit: { limit: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('counts down X-RateLimit-Remaining, then answers 429 with Retry-After', async () => {
    // Act
    const replies: Reply[] = [];
    for (let i = 0; i < 4; i += 1) replies.push(await call(sim, '/api/v4/users/who_am_i.json'));
    // Assess
    expect(replies.map((r) => [r.status, r.headers.get('x-ratelimit-remaining')])).toEqual([
      [200, '2'],
      [200, '1'],
      [200, '0'],
      [429, '0'],
    ]);
    const last = replies[3];
    expect(last?.headers.get('x-ratelimit-limit')).toBe('3');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(last?.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(last?.body).toMatchObject({ error: { type: 'RateLimited' } });
  });
});
