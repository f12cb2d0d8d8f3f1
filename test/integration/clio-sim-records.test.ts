import { readFileSync } from 'node:fs';
import type { ClioSim, ClioSimSeed } from '../../local/clio-sim/server.js';
import { clioSimSeedSchema, startClioSimulator } from '../../local/clio-sim/server.js';
import type { SimClient } from '../../local/clio-sim/test-client.js';
import { dataOf, simClient } from '../../local/clio-sim/test-client.js';

const seed: ClioSimSeed = clioSimSeedSchema.parse(JSON.parse(readFileSync(new URL('../../local/fixtures/clio-demo.json', import.meta.url), 'utf8')));
const CALL = {
  type: 'PhoneCommunication',
  subject: 'Inbound call',
  body: 'Duration: 5 minutes',
  received_at: '2026-01-02T08:04:05Z',
  senders: [{ id: 1001, type: 'Contact' }],
  receivers: [{ id: 345, type: 'User' }],
};

describe('Clio simulator records', () => {
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

  const newCall = async (): Promise<number> => dataOf<{ id: number }>(await clio.post('/api/v4/communications.json', { data: CALL })).id;

  it('creates a time entry linked to a communication, which then counts it', async () => {
    // Prepare
    const communicationId = await newCall();
    const data = {
      type: 'TimeEntry',
      date: '2026-01-02T08:04:05Z',
      quantity: 300,
      note: 'Call with Jane Smith',
      communication: { id: communicationId },
      matter: { id: 902 },
      non_billable: true,
    };
    // Act
    const created = await clio.post(
      '/api/v4/activities.json?fields=id,etag,type,quantity,quantity_in_hours,date,non_billable,matter{id},user{id},communication{id}',
      { data },
    );
    const communication = await clio.get(`/api/v4/communications/${communicationId}.json?fields=id,time_entries_count,time_entries{id,quantity}`);
    // Assess
    expect(created).toMatchObject({
      status: 201,
      body: {
        data: {
          type: 'TimeEntry',
          quantity: 300,
          quantity_in_hours: 0.08,
          date: '2026-01-02',
          non_billable: true,
          matter: { id: 902 },
          user: { id: 345 },
          communication: { id: communicationId },
        },
      },
    });
    const id = dataOf<{ id: number }>(created).id;
    expect(communication.body).toEqual({ data: { id: communicationId, time_entries_count: 1, time_entries: [{ id, quantity: 300 }] } });
  });

  it.each([
    ['no type', { date: '2026-01-02' }, "Type can't be blank"],
    ['no date', { type: 'TimeEntry' }, "Date can't be blank"],
    ['an unknown matter', { type: 'TimeEntry', date: '2026-01-02', matter: { id: 9999 } }, 'Matter 9999 does not exist'],
    ['an unknown communication', { type: 'TimeEntry', date: '2026-01-02', communication: { id: 9999 } }, 'Communication 9999 does not exist'],
    ['an unknown user', { type: 'TimeEntry', date: '2026-01-02', user: { id: 9999 } }, 'User 9999 does not exist'],
    [
      'an activity description, which is not modelled',
      { type: 'TimeEntry', date: '2026-01-02', activity_description: { id: 71 } },
      'The simulator does not model activity_description here',
    ],
  ])('refuses an activity with %s with 422', async (_case, data, message) => {
    // Act
    const reply = await clio.post('/api/v4/activities.json', { data });
    // Assess
    expect(reply).toMatchObject({ status: 422, body: { error: { type: 'ValidationError', message } } });
    expect(sim.state().activities).toHaveLength(0);
  });

  it('lists activities by communication and type, and refuses a filter it does not model', async () => {
    // Prepare
    const communicationId = await newCall();
    await clio.post('/api/v4/activities.json', { data: { type: 'TimeEntry', date: '2026-01-02', quantity: 60, communication: { id: communicationId } } });
    await clio.post('/api/v4/activities.json', {
      data: { type: 'ExpenseEntry', date: '2026-01-02', price: 12.5, matter: { id: 902 }, communication: { id: communicationId } },
    });
    // Act
    const byCommunication = await clio.get(`/api/v4/activities.json?communication_id=${communicationId}&fields=id,type,total`);
    const timeOnly = await clio.get(`/api/v4/activities.json?communication_id=${communicationId}&type=TimeEntry&fields=quantity`);
    const badType = await clio.get('/api/v4/activities.json?type=Nap');
    const byMatter = await clio.get('/api/v4/activities.json?matter_id=902');
    // Assess
    expect(dataOf(byCommunication)).toEqual([
      { id: 1, type: 'TimeEntry', total: 0 },
      { id: 2, type: 'ExpenseEntry', total: 12.5 },
    ]);
    expect(dataOf(timeOnly)).toEqual([{ quantity: 60 }]);
    expect(badType.status).toBe(400);
    expect(byMatter).toMatchObject({ status: 400, body: { error: { message: 'matter_id is a valid parameter that the simulator does not model' } } });
  });

  it('updates a communication subject, body and matter with PATCH, and refuses participant changes', async () => {
    // Prepare
    const id = await newCall();
    const change = { subject: 'SMS conversation with Jane Smith', body: 'Hi\nHello again', matter: { id: 902 } };
    // Act
    const patched = await clio.patch(`/api/v4/communications/${id}.json?fields=id,subject,body,matter{id},senders{id,type},receivers{id}`, { data: change });
    const unlinked = await clio.patch(`/api/v4/communications/${id}.json?fields=matter`, { data: { matter: null } });
    const blank = await clio.patch(`/api/v4/communications/${id}.json`, { data: { subject: '' } });
    const senders = await clio.patch(`/api/v4/communications/${id}.json`, { data: { senders: [{ id: 1002, type: 'Contact' }] } });
    // Assess
    expect(patched.body).toEqual({
      data: {
        id,
        subject: 'SMS conversation with Jane Smith',
        body: 'Hi\nHello again',
        matter: { id: 902 },
        senders: [{ id: 1001, type: 'Person' }],
        receivers: [{ id: 345 }],
      },
    });
    expect(unlinked.body).toEqual({ data: { matter: null } });
    expect([blank.status, senders.status]).toEqual([422, 422]);
  });

  it('lists the matters a contact is related to, with matter fields one level deep', async () => {
    // Act
    const related = await clio.get('/api/v4/relationships.json?contact_id=1004&fields=id,description,matter{id,display_number,description,status}');
    const byMatter = await clio.get('/api/v4/relationships.json?matter_id=902&fields=contact{id,name}');
    const tooDeep = await clio.get('/api/v4/relationships.json?fields=matter{client{id}}');
    // Assess
    expect(related.body).toEqual({
      data: [{ id: 601, description: 'Spouse', matter: { id: 902, display_number: '00902-Smith', description: 'Estate plan', status: 'Open' } }],
      meta: { paging: {} },
    });
    expect(dataOf(byMatter)).toEqual([{ contact: { id: 1004, name: 'Priya Patel' } }]);
    expect(tooDeep.status).toBe(400);
  });

  it('seeds relationships and creates one that the list then returns', async () => {
    // Act
    const created = await clio.post('/api/v4/relationships.json?fields=id,description', {
      data: { description: 'Witness', contact: { id: 1002 }, matter: { id: 902 } },
    });
    const listed = await clio.get('/api/v4/relationships.json?contact_id=1002&fields=description');
    const unknown = await clio.post('/api/v4/relationships.json', { data: { contact: { id: 1002 }, matter: { id: 9 } } });
    // Assess
    expect(created).toMatchObject({ status: 201, body: { data: { description: 'Witness' } } });
    expect(dataOf(listed)).toEqual([{ description: 'Witness' }]);
    expect(unknown.status).toBe(422);
  });

  it('filters matters by updated_since and orders them by id(desc)', async () => {
    // Prepare
    await clio.control('/seed', {
      matters: [
        { id: 903, description: 'Lease dispute', client: { id: 1003 }, updated_at: '2026-02-01T00:00:00Z' },
        { id: 904, description: 'Old matter', status: 'Closed', updated_at: '2024-01-01T00:00:00Z' },
      ],
    });
    // Act
    const recent = await clio.get('/api/v4/matters.json?updated_since=2026-01-01T00:00:00Z&order=id(desc)&fields=id,updated_at');
    const badOrder = await clio.get('/api/v4/matters.json?order=colour(asc)');
    // Assess
    expect(dataOf(recent)).toEqual([
      { id: 903, updated_at: '2026-02-01T00:00:00Z' },
      { id: 902, updated_at: '2026-01-02T04:04:05Z' },
    ]);
    expect(badOrder.status).toBe(400);
  });
});
