import type { CanonicalEvent, EventKind } from '../../../shared/domain/canonical-event.js';
import type { SettingsPatch } from '../../../shared/domain/settings.js';
import { createEventProcessor } from '../../../shared/use-cases/process-event.js';
import { anEvent, completionDeps, memoryIndex, memoryMatters, memoryOutcomes, nthAttempt, pdfOf, tenantsWith } from '../../support/events.js';
import { FakeClio } from '../../support/fake-clio.js';

type Match = 'one' | 'none' | 'several' | 'invalid';
type MatterMode = 'off' | 'single-open' | 'most-recent-open';

const RAW: Record<Match, string> = { one: '+14155550101', several: '+14155550102', none: '+14155550103', invalid: 'anonymous' };

const EVENTS: Record<EventKind, Partial<CanonicalEvent>> = {
  call: { kind: 'call', status: 'completed', durationSeconds: 125 },
  voicemail: { kind: 'voicemail', status: 'voicemail', durationSeconds: 20, recording: { url: 'https://media.example/vm.mp3' } },
  sms: { kind: 'sms', status: 'received', durationSeconds: undefined, startedAt: undefined, text: 'Hello' },
  fax: {
    kind: 'fax',
    status: 'received',
    durationSeconds: undefined,
    pageCount: 2,
    media: [{ url: 'https://media.example/fax.pdf', contentType: 'application/pdf' }],
  },
};

const clio = () =>
  new FakeClio(
    [
      { id: 1, name: 'Ann One', isClient: false, phoneNumbers: ['(415) 555-0101'] },
      { id: 2, name: 'Bob Two', isClient: false, updatedAt: '2026-02-01T00:00:00Z', phoneNumbers: ['415-555-0102'] },
      { id: 3, name: 'Cat Three', isClient: true, updatedAt: '2025-01-01T00:00:00Z', phoneNumbers: ['(415) 555-0102'] },
    ],
    {
      1: [{ id: 10, status: 'Open' }],
      3: [
        { id: 20, status: 'Open', updatedAt: '2026-01-01T00:00:00Z' },
        { id: 21, status: 'Pending', updatedAt: '2026-03-01T00:00:00Z' },
      ],
    },
  );

const cases = (['call', 'voicemail', 'sms', 'fax'] as const).flatMap((kind) =>
  [true, false].flatMap((creation) =>
    [false, true].flatMap((exclusive) =>
      (['off', 'single-open', 'most-recent-open'] as const).flatMap((matterMode) =>
        (['one', 'none', 'several', 'invalid'] as const).map((match) => ({ kind, creation, exclusive, matterMode, match })),
      ),
    ),
  ),
);

/** What docs/product.md#pipeline says should happen, case by case. */
const expected = ({
  kind,
  creation,
  exclusive,
  matterMode,
  match,
}: {
  kind: EventKind;
  creation: boolean;
  exclusive: boolean;
  matterMode: MatterMode;
  match: Match;
}) => {
  const contact = match === 'one' ? 1 : match === 'several' ? 3 : creation && kind !== 'fax' && match === 'none' ? 'created' : undefined;
  const skipped = exclusive && contact === undefined;
  const matterId = matterMode === 'off' || typeof contact !== 'number' ? undefined : contact === 1 ? 10 : matterMode === 'most-recent-open' ? 21 : undefined;
  const writes = [
    ...(contact === 'created' ? ['contact'] : []),
    ...(skipped ? [] : [...(kind === 'fax' && contact !== undefined ? ['document'] : []), 'communication', ...(kind === 'call' ? ['time_entry'] : [])]),
  ];
  return { contact, skipped, matterId, writes };
};

describe('the pipeline over every kind × creation × exclusive × matter × match state', () => {
  it.each(cases)('$kind, creation $creation, exclusive $exclusive, matters $matterMode, match $match', async (c) => {
    // Prepare
    const fake = clio();
    const outcomes = memoryOutcomes();
    const settings: SettingsPatch = {
      contactCreation: c.creation,
      exclusiveContactAssociation: c.exclusive,
      matterAssociation: c.matterMode !== 'off',
      ...(c.matterMode === 'off' ? {} : { matterSelection: c.matterMode }),
    };
    const processEvent = createEventProcessor({
      tenants: tenantsWith(() => settings),
      outcomes,
      clio: fake.provider(),
      clock: { now: () => new Date('2026-01-02T09:00:00Z') },
      index: memoryIndex(),
      matters: memoryMatters(),
      media: { fetch: () => Promise.resolve({ bytes: pdfOf(1234), contentType: 'application/pdf' }) },
      ...completionDeps(),
    });
    const want = expected(c);
    // Act
    const { outcome } = await processEvent(anEvent({ ...EVENTS[c.kind], external: { raw: RAW[c.match] } }), { attempt: nthAttempt(1) });
    // Assess: the outcome
    expect(outcome.status).toBe(want.skipped ? 'skipped' : 'logged');
    if (want.skipped) expect(outcome.reason).toBe('no_contact_exclusive');
    expect(outcomes.all).toHaveLength(1);
    // Assess: the exact Clio writes
    expect(fake.writes.map((w) => w.kind)).toEqual(want.writes);
    const contactId = want.contact === 'created' ? outcome.clio.createdContactId : want.contact;
    if (want.contact === 'created')
      expect(fake.writes[0]).toEqual({
        kind: 'contact',
        contact: { firstName: 'Unknown', lastName: '(415) 555-0103', phone: { number: '+14155550103', label: 'Work', isDefault: true } },
      });
    if (want.skipped) return;
    const communication = fake.writes.find((w) => w.kind === 'communication');
    expect(communication?.kind === 'communication' && communication.draft).toMatchObject({
      senders: contactId === undefined ? [] : [{ id: contactId, type: 'Contact' }],
      receivers: [{ id: 345, type: 'User' }],
    });
    expect(communication?.kind === 'communication' && communication.draft.matterId).toBe(want.matterId);
    expect(outcome.clio.contactId).toBe(contactId);
    expect(outcome.clio.matterId).toBe(want.matterId);
    expect(outcome.clio.userId).toBe(345);
    const timeEntry = fake.writes.find((w) => w.kind === 'time_entry');
    if (timeEntry?.kind === 'time_entry')
      expect(timeEntry.entry).toEqual({
        date: '2026-01-02',
        quantity: 125,
        note: expect.any(String) as string,
        communicationId: outcome.clio.communicationId,
        userId: 345,
        nonBillable: true,
        ...(want.matterId ? { matterId: want.matterId } : {}),
      });
    const document = fake.writes.find((w) => w.kind === 'document');
    if (document?.kind === 'document')
      expect(document).toMatchObject({
        bytes: 1234,
        upload: { parent: want.matterId ? { type: 'Matter', id: want.matterId } : { type: 'Contact', id: contactId }, contentType: 'application/pdf' },
      });
    if (c.kind === 'fax' && contactId === undefined)
      expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'fax_document', decision: 'no_parent' }));
  });
});
