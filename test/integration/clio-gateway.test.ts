import { ClioClient } from '../../shared/adapters/clio/clio.client.js';
import { createClioGateways } from '../../shared/adapters/clio/clio.gateway.js';
import { ClioRejectedError, RetryableError, TenantNotConnectedError } from '../../shared/domain/errors.js';
import { mergeSettings } from '../../shared/domain/settings.js';
import type { ClioTokens } from '../../shared/domain/clio-credentials.js';
import type { Tenant } from '../../shared/domain/tenant.js';
import { startClioSimulator, type ClioSim } from '../../local/clio-sim/server.js';
import { loadDemoClioSeed } from '../../local/stack.js';
import { memorySecrets } from '../support/events.js';

const TOKEN = 'demo-clio-access-token';
const tenant: Tenant = { id: 'demo', name: 'Demo', clioRegion: 'US', settings: mergeSettings({}), overrides: {} };
const secretsWith = (clio: ClioTokens | undefined) => memorySecrets(clio ? { clio } : {});

describe('our Clio client against the simulator', () => {
  let sim: ClioSim;
  beforeAll(async () => {
    sim = await startClioSimulator({ seed: loadDemoClioSeed() });
  });
  afterAll(() => sim.stop());
  afterEach(() => fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' }));

  const fault = (path: string, status: number, retryAfterSeconds?: number) =>
    fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path, status, times: 1, retryAfterSeconds }),
    });
  const gateway = () => createClioGateways({ secrets: secretsWith({ accessToken: TOKEN }), baseUrlOverride: sim.url }).forTenant(tenant);

  it('finds a contact by the text as stored, and reads its numbers', async () => {
    // Act
    const g = await gateway();
    const byE164 = await g.searchContacts('+14155550100');
    const byFormatted = await g.searchContacts('(415) 555-0100');
    // Assess
    expect(byE164).toEqual([]);
    expect(byFormatted).toEqual([expect.objectContaining({ id: 1001, name: 'Jane Smith', isClient: true, phoneNumbers: ['(415) 555-0100'] })]);
  });

  it('writes a Communication that can be found again by our event id', async () => {
    // Prepare
    const g = await gateway();
    // Act
    const id = await g.createCommunication({
      subject: 'Inbound call',
      body: 'b',
      receivedAt: '2026-01-02T08:04:05Z',
      senders: [{ id: 1001, type: 'Contact' }],
      receivers: [{ id: 345, type: 'User' }],
      eventId: 'twilio:call:CAfind',
    });
    // Assess
    expect(await g.findCommunication('twilio:call:CAfind')).toEqual({ id });
    expect(await g.findCommunication('twilio:call:CAnever')).toBeUndefined();
  });

  it('caches the connected user per tenant', async () => {
    // Prepare
    const provider = createClioGateways({ secrets: secretsWith({ accessToken: TOKEN }), baseUrlOverride: sim.url });
    const before = sim.state().requests.filter((r) => r.path.includes('who_am_i')).length;
    // Act
    const users = [await (await provider.forTenant(tenant)).whoAmI(), await (await provider.forTenant(tenant)).whoAmI()];
    // Assess
    expect(users).toEqual([
      { id: 345, name: 'Alex Lawyer' },
      { id: 345, name: 'Alex Lawyer' },
    ]);
    expect(sim.state().requests.filter((r) => r.path.includes('who_am_i')).length - before).toBe(1);
  });

  it("pins X-API-VERSION and asks only for the fields it reads, within Clio's spec", async () => {
    await (await gateway()).searchContacts('Chen');
    const request = sim.state().requests.at(-1);
    expect(request?.query.fields).toBe('id,name,is_client,updated_at,phone_numbers{id,number}');
    expect(request?.headers['x-api-version']).toBe('4.0.13');
    expect(request?.validated).toBe(true);
  });

  it('reads open matters with their client and the relationships, asking only for what matter choice needs', async () => {
    // Act
    const g = await gateway();
    const mark = sim.state().requests.length;
    const matters = await g.listMatterPage({});
    const parties = await g.listPartyPage({});
    const matter = await g.getMatter(902);
    const related = await g.relatedParties(902);
    const gone = await g.getMatter(999_999);
    // Assess
    expect(matters).toEqual({ matters: [{ id: 902, status: 'Open', openDate: '2025-11-20', updatedAt: '2026-01-02T04:04:05Z', clientId: 1001 }] });
    expect(parties).toEqual({ parties: [{ matterId: 902, contactId: 1004 }] });
    expect(matter).toEqual(matters.matters[0]);
    expect(related).toEqual([1004]);
    expect(gone).toBeUndefined();
    const made = sim.state().requests.slice(mark);
    expect(made.map((r) => r.query.fields)).toEqual([
      'id,status,open_date,updated_at,client{id}',
      'id,contact{id},matter{id}',
      'id,status,open_date,updated_at,client{id}',
      'id,contact{id},matter{id}',
      'id,status,open_date,updated_at,client{id}',
    ]);
    expect(made[0]?.query.status).toBe('open,pending');
    expect(made.every((r) => r.validated)).toBe(true);
  });

  it('reads every matter changed since a moment, closed ones included, to see closings', async () => {
    // Prepare: 902 closed
    await fetch(`${sim.url}/api/v4/matters/902.json`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { status: 'Closed' } }),
    });
    // Act
    const changed = await (await gateway()).listMatterPage({ updatedSince: new Date(Date.now() - 60_000).toISOString() });
    // Assess
    expect(changed.matters).toEqual([expect.objectContaining({ id: 902, status: 'Closed' })]);
    expect(sim.state().requests.at(-1)?.query).not.toHaveProperty('status');
  });

  it('parks a tenant without Clio tokens', async () => {
    await expect(createClioGateways({ secrets: secretsWith(undefined), baseUrlOverride: sim.url }).forTenant(tenant)).rejects.toBeInstanceOf(
      TenantNotConnectedError,
    );
  });

  it('maps a refused token (401 invalid_token) to a tenant that is not connected', async () => {
    const client = new ClioClient({ baseUrl: sim.url, accessToken: 'revoked' });
    await expect(client.get('users/who_am_i.json', {})).rejects.toBeInstanceOf(TenantNotConnectedError);
  });

  it('maps 429 to a retryable error that carries Retry-After', async () => {
    // Prepare
    await fault('/api/v4/contacts.json', 429, 7);
    // Act
    const error = await (await gateway()).searchContacts('x').catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterSeconds).toBe(7);
  });

  it('maps 5xx and an unreachable Clio to retryable errors', async () => {
    await fault('/api/v4/contacts.json', 503);
    await expect((await gateway()).searchContacts('x')).rejects.toBeInstanceOf(RetryableError);
    const unreachable = new ClioClient({ baseUrl: 'http://127.0.0.1:9', accessToken: TOKEN });
    await expect(unreachable.get('users/who_am_i.json', {})).rejects.toBeInstanceOf(RetryableError);
  });

  it("maps a validation error to a permanent error with Clio's type and message", async () => {
    // Act: a Person without first or last name
    const error = await new ClioClient({ baseUrl: sim.url, accessToken: TOKEN }).post('contacts.json', {}, { type: 'Person' }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ClioRejectedError);
    expect(error).toMatchObject({ status: 422, code: 'clio_422' });
    expect((error as Error).message).toContain('ValidationError');
  });
});
