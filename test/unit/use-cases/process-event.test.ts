import type { CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { AmendedCallPendingError, BudgetSpentError, ClioRejectedError, PermanentError, RetryableError } from '../../../shared/domain/errors.js';
import type { SettingsPatch } from '../../../shared/domain/settings.js';
import type { MediaFetcher } from '../../../shared/ports/media-fetcher.js';
import { createEventProcessor } from '../../../shared/use-cases/process-event.js';
import { anEvent, completionDeps, memoryIndex, memoryMatters, memoryOutcomes, nthAttempt, pdfOf, tenantsWith } from '../../support/events.js';
import { FakeClio } from '../../support/fake-clio.js';

const jane = { id: 1001, name: 'Jane Smith', isClient: true, phoneNumbers: ['(415) 555-0100'] };
const pdf: MediaFetcher = { fetch: () => Promise.resolve({ bytes: pdfOf(10), contentType: 'application/pdf' }) };

const setup = (initial: SettingsPatch = {}, fake = new FakeClio([jane]), media = pdf, index = memoryIndex(), matters = memoryMatters()) => {
  const outcomes = memoryOutcomes();
  const { all } = outcomes;
  const tenant = { settings: initial };
  const processEvent = createEventProcessor({
    tenants: tenantsWith(() => tenant.settings),
    outcomes,
    clio: fake.provider(),
    media,
    index,
    matters,
    clock: { now: () => new Date('2026-01-02T09:00:00Z') },
    ...completionDeps(),
  });
  return { processEvent, fake, all, tenant };
};
const kinds = (fake: FakeClio) => fake.writes.map((w) => w.kind);

describe('processing one event', () => {
  it.each<[string, Partial<CanonicalEvent>, SettingsPatch]>([
    ['a missed call', { status: 'missed', durationSeconds: 0 }, {}],
    ['a call shorter than timeEntryMinSeconds', { durationSeconds: 29 }, { timeEntryMinSeconds: 30 }],
    ['a call when time entries are off', {}, { timeEntries: false }],
    ['an SMS', { kind: 'sms', status: 'received', text: 'hi' }, {}],
  ])('writes no time entry for %s', async (_name, event, settings) => {
    const { processEvent, fake } = setup(settings);
    await processEvent(anEvent(event), { attempt: nthAttempt(1) });
    expect(kinds(fake)).toEqual(['communication']);
  });

  it("bounds a message text read from the provider as an event's own text is bounded", async () => {
    // Prepare: an outgoing SMS without its text, which the provider's copy holds at length
    const fake = new FakeClio([jane]);
    const processEvent = createEventProcessor({
      tenants: tenantsWith(() => ({})),
      outcomes: memoryOutcomes(),
      clio: fake.provider(),
      media: pdf,
      index: memoryIndex(),
      matters: memoryMatters(),
      clock: { now: () => new Date('2026-01-02T09:00:00Z') },
      ...completionDeps({ find: () => Promise.resolve({ text: 'long '.repeat(10_000) }) }),
    });
    // Act
    const { outcome } = await processEvent(
      anEvent({ kind: 'sms', direction: 'outbound', status: 'sent', providerEventId: 'message:SM1', durationSeconds: undefined }),
      { attempt: nthAttempt(1) },
    );
    // Assess
    expect(outcome.status).toBe('logged');
    const written = fake.writes.find((w) => w.kind === 'communication');
    const text = written?.kind === 'communication' ? written.draft.body.slice(written.draft.body.indexOf('\n\n') + 2) : '';
    expect(text.length).toBeLessThanOrEqual(8_000);
    expect(text).toMatch(/^long long .*more characters not kept\]$/s);
  });

  it('makes the time entry billable when the firm says so', async () => {
    const { processEvent, fake } = setup({ timeEntriesBillable: true });
    await processEvent(anEvent(), { attempt: nthAttempt(1) });
    expect(fake.writes[1]).toMatchObject({ kind: 'time_entry', entry: { nonBillable: false, quantity: 125 } });
  });

  it('names the mapped Clio user instead of the connected one', async () => {
    const { processEvent, fake } = setup({ userMappings: { '+14155550199': 777 } });
    const { outcome } = await processEvent(anEvent(), { attempt: nthAttempt(1) });
    expect(outcome.clio.userId).toBe(777);
    expect(fake.writes[0]).toMatchObject({ draft: { receivers: [{ id: 777, type: 'User' }] } });
  });

  it('never takes a name Object already has (constructor, toString) for a user mapping', async () => {
    const { processEvent } = setup({ userMappings: { '101': 777 } });
    const { outcome } = await processEvent(anEvent({ firm: { extension: 'constructor', userRef: 'toString' } }), { attempt: nthAttempt(1) });
    expect(outcome.clio.userId).toBe(345);
  });

  it('finds what an earlier attempt wrote before it died, and writes nothing twice', async () => {
    // Prepare: the first attempt wrote the Communication and time entry but its outcome was lost
    const { processEvent, fake, all } = setup();
    await processEvent(anEvent(), { attempt: nthAttempt(1) });
    all.length = 0;
    // Act
    const { outcome } = await processEvent(anEvent(), { attempt: nthAttempt(2) });
    // Assess
    expect(kinds(fake)).toEqual(['communication', 'time_entry']);
    expect(outcome.trace.filter((t) => t.decision === 'found_from_earlier_attempt').map((t) => t.step)).toEqual(['communication', 'time_entry']);
  });

  it("begins its attempt only once the tenant's Clio budget lets it ask Clio, and not for an event that needs no Clio", async () => {
    // Prepare: a delivery counting its attempts; a firm whose budget is spent, then one that skips SMS
    const begun: string[] = [];
    const counting = (eventId: string) => ({ begin: () => Promise.resolve(begun.push(eventId)) });
    const spent = new FakeClio([jane]);
    const processSpent = createEventProcessor({
      tenants: tenantsWith(() => ({})),
      outcomes: memoryOutcomes(),
      media: pdf,
      index: memoryIndex(),
      matters: memoryMatters(),
      clio: { forTenant: () => Promise.reject(new BudgetSpentError('spent until the window resets', { retryAfterSeconds: 40 })) },
      clock: { now: () => new Date('2026-01-02T09:00:00Z') },
      ...completionDeps(),
    });
    const { processEvent: processSkipping, fake } = setup({ smsLogging: false });
    // Act
    const handedBack = processSpent(anEvent(), { attempt: counting('spent') });
    const skipped = await processSkipping(anEvent({ kind: 'sms', status: 'received', text: 'hi', providerEventId: 'message:SM9' }), {
      attempt: counting('sms'),
    });
    const logged = await processSkipping(anEvent(), { attempt: counting('call') });
    // Assess
    await expect(handedBack).rejects.toBeInstanceOf(BudgetSpentError);
    expect(skipped.outcome.status).toBe('skipped');
    expect(logged.outcome.status).toBe('logged');
    expect(begun).toEqual(['call']);
    expect(spent.writes).toEqual([]);
    expect(kinds(fake)).toEqual(['communication', 'time_entry']);
  });

  it('looks before writing from its second attempt on, known only once Clio was asked for', async () => {
    // Prepare: what the first attempt wrote stays in Clio, its outcome lost
    const { processEvent, fake, all } = setup();
    await processEvent(anEvent(), { attempt: nthAttempt(1) });
    all.length = 0;
    // Act: the delivery learns it is the third attempt when it begins
    const { outcome } = await processEvent(anEvent(), { attempt: { begin: () => new Promise((resolve) => setTimeout(() => resolve(3), 10)) } });
    // Assess
    expect(kinds(fake)).toEqual(['communication', 'time_entry']);
    expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'communication', decision: 'found_from_earlier_attempt' }));
  });

  it("creates a new number's contact only under its claim: an event of that number processed side by side waits and finds it", async () => {
    // Prepare: two events of one unknown number, the first holding the claim to create its contact
    const claims = new Map<string, string>();
    const index = Object.assign(memoryIndex(true), {
      claimCreation: (_tenantId: string, e164: string, eventId: string) => {
        const holder = claims.get(e164) ?? eventId;
        claims.set(e164, holder);
        return Promise.resolve(holder === eventId);
      },
    });
    const { processEvent, fake } = setup({}, new FakeClio([jane]), pdf, index);
    const stranger = { external: { raw: '+14155550177', e164: '+14155550177' } };
    claims.set('+14155550177', 'twilio:call:CA-first');
    // Act: the second is processed while the first holds the claim, then again once the first created the contact
    const waiting = processEvent(anEvent({ ...stranger, providerEventId: 'call:CA-second', providerResourceId: 'CA-second' }), { attempt: nthAttempt(1) });
    // Assess
    await expect(waiting).rejects.toMatchObject({ name: 'RetryableError', retryAfterSeconds: 2 });
    expect(fake.writes).toEqual([]);
    // Act
    const first = await processEvent(anEvent({ ...stranger, providerEventId: 'call:CA-first', providerResourceId: 'CA-first' }), { attempt: nthAttempt(1) });
    const { outcome } = await processEvent(anEvent({ ...stranger, providerEventId: 'call:CA-second', providerResourceId: 'CA-second' }), {
      attempt: nthAttempt(2),
    });
    // Assess: one contact, both calls on it
    expect(kinds(fake).filter((kind) => kind === 'contact')).toHaveLength(1);
    expect(first.outcome.clio.createdContactId).toEqual(expect.any(Number));
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: first.outcome.clio.createdContactId } });
  });

  it('finds the contact and fax document an earlier attempt created before it died', async () => {
    // Prepare: a complete phone index; a call from a new number and a fax, whose attempts died after writing to
    // Clio and before recording anything (the created contact never reached the index either)
    const index = memoryIndex(true);
    const { processEvent, fake, all } = setup({}, new FakeClio([jane]), pdf, index);
    await index.put('demo', jane, 'US');
    const call = anEvent({ external: { raw: '+13125550147' }, providerEventId: 'call:CAnew' });
    await processEvent(call, { attempt: nthAttempt(1) });
    const fax = anEvent({
      kind: 'fax',
      status: 'received',
      providerEventId: 'fax:FX1',
      external: { raw: '+14155550100' },
      media: [{ url: 'https://media.example/f.pdf' }],
    });
    await processEvent(fax, { attempt: nthAttempt(1) });
    all.length = 0;
    await index.remove('demo', 5000);
    // Act: both redelivered after their outcomes were lost
    const again = await processEvent(call, { attempt: nthAttempt(2) });
    const faxAgain = await processEvent(fax, { attempt: nthAttempt(2) });
    // Assess
    expect(kinds(fake).filter((k) => k === 'contact')).toHaveLength(1);
    expect(kinds(fake).filter((k) => k === 'document')).toHaveLength(1);
    expect(again.outcome.trace).toContainEqual(expect.objectContaining({ step: 'contact_creation', decision: 'found_from_earlier_attempt' }));
    expect(faxAgain.outcome.trace).toContainEqual(expect.objectContaining({ step: 'fax_document', decision: 'found_from_earlier_attempt' }));
  });

  it('does nothing for an event that already has an outcome', async () => {
    const { processEvent, fake } = setup();
    await processEvent(anEvent(), { attempt: nthAttempt(1) });
    const again = await processEvent(anEvent(), { attempt: nthAttempt(3) });
    expect(again.fresh).toBe(false);
    expect(kinds(fake)).toEqual(['communication', 'time_entry']);
  });

  it('replays a skipped event under new settings, but never a logged one', async () => {
    // Prepare
    const { processEvent, fake, tenant } = setup({ exclusiveContactAssociation: true, contactCreation: false }, new FakeClio([]));
    const { outcome: skipped } = await processEvent(anEvent(), { attempt: nthAttempt(1) });
    tenant.settings = {};
    // Act
    const redelivered = await processEvent(skipped.event, { attempt: nthAttempt(2) });
    const replay = await processEvent(skipped.event, { attempt: nthAttempt(1), replay: true });
    const replayAgain = await processEvent(skipped.event, { attempt: nthAttempt(1), replay: true });
    // Assess
    expect(skipped.status).toBe('skipped');
    expect(redelivered.fresh).toBe(false);
    expect(replay).toMatchObject({ fresh: true, outcome: { status: 'logged' } });
    expect(replayAgain.fresh).toBe(false);
    expect(kinds(fake).filter((k) => k === 'communication')).toHaveLength(1);
  });

  it('appends a late recording to the logged call instead of writing a second Communication', async () => {
    // Prepare
    const { processEvent, fake } = setup();
    const { outcome: call } = await processEvent(anEvent(), { attempt: nthAttempt(1) });
    // Act
    const late = anEvent({
      providerEventId: 'recording:RE1',
      amends: 'call:CA1',
      recording: { url: 'https://media.example/RE1.mp3' },
      transcript: 'Call me back',
    });
    const { outcome } = await processEvent(late, { attempt: nthAttempt(1) });
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', clio: { communicationId: call.clio.communicationId } });
    const written = fake.writes.find((w) => w.kind === 'communication');
    expect(fake.writes.at(-1)).toEqual({
      kind: 'communication_update',
      id: call.clio.communicationId,
      body: `${written?.kind === 'communication' ? written.draft.body : ''}\nRecording: https://media.example/RE1.mp3\nTranscript: Call me back`,
    });
    expect(kinds(fake).filter((k) => k === 'communication')).toHaveLength(1);
  });

  it('appends a late recording to the Communication as Clio has it now, keeping what the firm wrote in it', async () => {
    // Prepare: someone at the firm added a note to the logged call
    const { processEvent, fake } = setup();
    const { outcome: call } = await processEvent(anEvent(), { attempt: nthAttempt(1) });
    const id = call.clio.communicationId ?? -1;
    await fake.updateCommunication(id, { subject: call.communication?.subject ?? '', body: 'Jane asked about the lease. (edited by Alex)' });
    // Act
    const { outcome } = await processEvent(
      anEvent({ providerEventId: 'recording:RE3', amends: 'call:CA1', recording: { url: 'https://media.example/RE3.mp3' } }),
      { attempt: nthAttempt(1) },
    );
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', communication: { subject: 'Inbound call from Jane Smith (+1 415-555-0100)' } });
    expect(fake.writes.at(-1)).toEqual({
      kind: 'communication_update',
      id,
      body: 'Jane asked about the lease. (edited by Alex)\nRecording: https://media.example/RE3.mp3',
    });
  });

  it('files a recording once, whether it was on the call or came again as an amendment, and files a later one', async () => {
    // Prepare: the firm files recordings; the call was logged with its recording
    const fetched: string[] = [];
    const wav = new Uint8Array(Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'), Buffer.alloc(32)]));
    const media: MediaFetcher = { fetch: (url) => Promise.resolve((fetched.push(url), { bytes: wav, contentType: 'audio/wav' })) };
    const { processEvent, fake } = setup({ attachRecordings: true }, new FakeClio([jane]), media);
    const { outcome: call } = await processEvent(anEvent({ recording: { url: 'https://media.example/RE1.wav' } }), { attempt: nthAttempt(1) });
    // Act
    const { outcome: again } = await processEvent(
      anEvent({ providerEventId: 'recording:RE1', amends: 'call:CA1', recording: { url: 'https://media.example/RE1.wav' } }),
      { attempt: nthAttempt(1) },
    );
    const { outcome: later } = await processEvent(
      anEvent({ providerEventId: 'recording:RE2', amends: 'call:CA1', recording: { url: 'https://media.example/RE2.wav' } }),
      { attempt: nthAttempt(1) },
    );
    // Assess
    expect(fetched).toEqual(['https://media.example/RE1.wav', 'https://media.example/RE2.wav']);
    expect(kinds(fake).filter((k) => k === 'document')).toHaveLength(2);
    expect(again.trace).toContainEqual(expect.objectContaining({ step: 'amends', decision: 'already_there' }));
    expect(later.clio.documentId).toBeDefined();
    expect(later.clio.documentId).not.toBe(call.clio.documentId);
  });

  it("keeps an event's content only while it may be replayed: not once logged, nor once a setting skipped it", async () => {
    // Prepare
    const { processEvent } = setup({ smsLogging: false });
    const sms = (id: string) =>
      anEvent({
        kind: 'sms',
        status: 'received',
        providerEventId: `message:${id}`,
        text: 'Privileged: the settlement figure is $40,000',
        media: [{ url: 'https://media.example/photo.jpg' }],
      });
    const { processEvent: logging } = setup();
    // Act
    const { outcome: skipped } = await processEvent(sms('SM1'), { attempt: nthAttempt(1) });
    const { outcome: logged } = await logging(sms('SM2'), { attempt: nthAttempt(1) });
    // Assess
    for (const outcome of [skipped, logged]) {
      expect(JSON.stringify(outcome)).not.toContain('40,000');
      expect(outcome.event).toMatchObject({ kind: 'sms', external: { raw: '+14155550100' }, media: [] });
    }
    expect([skipped.status, logged.status]).toEqual(['skipped', 'logged']);
  });

  it('keeps a failed event whole, so that a replay logs all of it', async () => {
    // Prepare
    const fake = new FakeClio([jane]);
    fake.createCommunication = () => Promise.reject(new ClioRejectedError(422, 'ValidationError', 'Subject is too long'));
    const { processEvent } = setup({}, fake);
    // Act
    const { outcome } = await processEvent(anEvent({ kind: 'sms', status: 'received', providerEventId: 'message:SM3', text: 'Call me about the lease' }), {
      attempt: nthAttempt(1),
    });
    // Assess
    expect(outcome).toMatchObject({ status: 'failed', event: { text: 'Call me about the lease' } });
  });

  it('waits for the call a late recording completes before its attempt begins, and skips it when that call was not logged', async () => {
    // Prepare
    const late = anEvent({ providerEventId: 'recording:RE2', amends: 'call:CA1', recording: { url: 'https://media.example/RE2.mp3' } });
    const { processEvent } = setup({ callLogging: true, logMissedCalls: false });
    let begun = 0;
    const counting = { begin: () => Promise.resolve(++begun) };
    // Act + Assess: no outcome for the call yet → handed back, its attempt not begun
    await expect(processEvent(late, { attempt: counting })).rejects.toThrow(AmendedCallPendingError);
    expect(begun).toBe(0);
    await processEvent(anEvent({ status: 'missed' }), { attempt: nthAttempt(1) });
    const { outcome } = await processEvent(late, { attempt: nthAttempt(2) });
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'amended_event_not_logged' });
  });

  it("ends as failed, with Clio's reason, when Clio rejects a write", async () => {
    // Prepare
    const fake = new FakeClio([jane]);
    fake.createCommunication = () => Promise.reject(new ClioRejectedError(422, 'ValidationError', 'Subject is too long'));
    const { processEvent } = setup({}, fake);
    // Act
    const { outcome } = await processEvent(anEvent(), { attempt: nthAttempt(1) });
    // Assess
    expect(outcome).toMatchObject({ status: 'failed', reason: 'clio_422', clio: { contactId: 1001 } });
    expect(outcome.message).toContain('Subject is too long');
  });

  it('ends a fax whose link has expired as failed, before touching Clio', async () => {
    const fake = new FakeClio([jane]);
    const { processEvent } = setup({}, fake, { fetch: () => Promise.reject(new PermanentError('media_unavailable', 'The media link answered 403')) });
    const { outcome } = await processEvent(anEvent({ kind: 'fax', status: 'received', media: [{ url: 'https://media.example/gone.pdf' }] }), {
      attempt: nthAttempt(1),
    });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'media_unavailable' });
    expect(fake.searches).toEqual([]);
  });

  it('records nothing for an event whose tenant does not exist (deleted since it was queued), and touches no Clio', async () => {
    // Prepare
    const fake = new FakeClio([jane]);
    const outcomes = memoryOutcomes();
    const processEvent = createEventProcessor({
      tenants: { ...tenantsWith(() => ({})), get: () => Promise.resolve(undefined) },
      outcomes,
      clio: fake.provider(),
      media: pdf,
      index: memoryIndex(),
      matters: memoryMatters(),
      clock: { now: () => new Date('2026-01-02T09:00:00Z') },
      ...completionDeps(),
    });
    // Act
    const result = await processEvent(anEvent({ tenantId: 'deleted-firm' }), { attempt: nthAttempt(1) });
    // Assess
    expect(result).toMatchObject({ fresh: false, dropped: 'unknown_tenant' });
    expect(outcomes.all).toEqual([]);
    expect(fake.writes).toEqual([]);
  });
});

/** A Clio where some matters were deleted after the matter index read them: writes naming one are refused. */
class MattersGoneClio extends FakeClio {
  readonly gone = new Set<number>();
  override createCommunication(draft: Parameters<FakeClio['createCommunication']>[0]) {
    return draft.matterId !== undefined && this.gone.has(draft.matterId)
      ? Promise.reject(new ClioRejectedError(422, 'ValidationError', `Matter ${draft.matterId} does not exist`))
      : super.createCommunication(draft);
  }
  override createTimeEntry(entry: Parameters<FakeClio['createTimeEntry']>[0]) {
    return entry.matterId !== undefined && this.gone.has(entry.matterId)
      ? Promise.reject(new ClioRejectedError(422, 'ValidationError', `Matter ${entry.matterId} does not exist`))
      : super.createTimeEntry(entry);
  }
  override getMatter(id: number) {
    return this.gone.has(id) ? Promise.resolve(undefined) : super.getMatter(id);
  }
}

describe('a matter the matter index names that Clio no longer has', () => {
  const older = { id: 10, status: 'Open', updatedAt: '2026-01-01T00:00:00Z' };
  const newer = { id: 11, status: 'Open', updatedAt: '2026-02-01T00:00:00Z' };
  const withMatters = async (settings: SettingsPatch = {}, media = pdf) => {
    const matters = memoryMatters(true);
    await matters.put('demo', { ...older, clientId: jane.id, related: [] }, 'replace');
    await matters.put('demo', { ...newer, clientId: jane.id, related: [] }, 'replace');
    const index = memoryIndex(true);
    await index.put('demo', jane, 'US');
    const fake = new MattersGoneClio([jane], { [jane.id]: [older, newer] });
    const { processEvent } = setup({ matterSelection: 'most-recent-open', ...settings }, fake, media, index, matters);
    return { matters, fake, processEvent };
  };

  it('drops the entry and chooses again at once when the first write was refused', async () => {
    // Prepare
    const { processEvent, fake, matters } = await withMatters();
    fake.gone.add(11);
    // Act
    const { outcome } = await processEvent(anEvent(), { attempt: nthAttempt(1) });
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', clio: { matterId: 10 } });
    expect(fake.writes.flatMap((w) => (w.kind === 'communication' ? [w.draft.matterId] : []))).toEqual([10]);
    expect((await matters.lookup('demo', jane.id))?.map((m) => m.id)).toEqual([10]);
  });

  const goneAfterCommunication = (fake: MattersGoneClio, matterId: number) => {
    const write = fake.createCommunication.bind(fake);
    fake.createCommunication = async (draft) => {
      const id = await write(draft);
      fake.gone.add(matterId);
      return id;
    };
  };

  it("moves the Communication to the matter chosen again and files the time entry there when Clio refused the time entry's matter", async () => {
    // Prepare: the matter goes between the Communication and its time entry
    const { processEvent, fake, matters } = await withMatters();
    goneAfterCommunication(fake, 11);
    // Act
    const { outcome } = await processEvent(anEvent(), { attempt: nthAttempt(1) });
    // Assess: one Communication, moved; its time entry on the same matter
    expect(outcome).toMatchObject({ status: 'logged', clio: { matterId: 10, communicationId: 1 } });
    expect(
      fake.writes.map((w) =>
        w.kind === 'communication'
          ? `communication ${w.draft.matterId}`
          : w.kind === 'communication_move'
            ? `move ${w.matterId}`
            : w.kind === 'time_entry'
              ? `time_entry ${w.entry.matterId}`
              : w.kind,
      ),
    ).toEqual(['communication 11', 'move 10', 'time_entry 10']);
    expect(outcome.trace).toContainEqual({ step: 'communication', decision: 'moved', detail: { communicationId: 1, fromMatterId: 11, toMatterId: 10 } });
    expect((await matters.lookup('demo', jane.id))?.map((m) => m.id)).toEqual([10]);
  });

  it('files the time entry on no matter, and says the Communication stayed, when the refused matter was the only one', async () => {
    // Prepare
    const { processEvent, fake, matters } = await withMatters();
    await matters.remove('demo', 10);
    goneAfterCommunication(fake, 11);
    // Act
    const { outcome } = await processEvent(anEvent(), { attempt: nthAttempt(1) });
    // Assess
    expect(outcome.status).toBe('logged');
    expect(outcome.clio.matterId).toBeUndefined();
    expect(fake.writes.flatMap((w) => (w.kind === 'time_entry' ? [w.entry.matterId] : []))).toEqual([undefined]);
    expect(kinds(fake)).toEqual(['communication', 'time_entry']);
    expect(outcome.trace).toContainEqual({ step: 'communication', decision: 'left_on_refused_matter', detail: { communicationId: 1, matterId: 11 } });
  });
  it('moves, on the retry, the Communication an attempt left on the refused matter when its move failed', async () => {
    // Prepare: the matter goes between the Communication and its time entry, and Clio fails the move once
    const { processEvent, fake } = await withMatters();
    goneAfterCommunication(fake, 11);
    const move = fake.moveCommunication.bind(fake);
    fake.moveCommunication = () => {
      fake.moveCommunication = move;
      return Promise.reject(new RetryableError('Clio answered 500'));
    };
    // Act
    const first = processEvent(anEvent(), { attempt: nthAttempt(1) });
    await expect(first).rejects.toMatchObject({ name: 'RetryableError' });
    const { outcome } = await processEvent(anEvent(), { attempt: nthAttempt(2) });
    // Assess: the retry finds the Communication on 11 and moves it before filing the time entry on 10
    expect(outcome).toMatchObject({ status: 'logged', clio: { matterId: 10, communicationId: 1 } });
    expect(
      fake.writes.map((w) =>
        w.kind === 'communication'
          ? `communication ${w.draft.matterId}`
          : w.kind === 'communication_move'
            ? `move ${w.matterId}`
            : w.kind === 'time_entry'
              ? `time_entry ${w.entry.matterId}`
              : w.kind,
      ),
    ).toEqual(['communication 11', 'move 10', 'time_entry 10']);
    expect(outcome.trace).toContainEqual({ step: 'communication', decision: 'moved', detail: { communicationId: 1, fromMatterId: 11, toMatterId: 10 } });
  });

  it('says the recording stayed on the refused matter when its Communication moved', async () => {
    // Prepare: a call with its recording, filed on 11, which goes before the time entry
    const mp3: MediaFetcher = { fetch: () => Promise.resolve({ bytes: new Uint8Array(Buffer.from('ID3 audio')), contentType: 'audio/mpeg' }) };
    const { processEvent, fake } = await withMatters({ attachRecordings: true }, mp3);
    goneAfterCommunication(fake, 11);
    // Act
    const { outcome } = await processEvent(anEvent({ recording: { url: 'https://media.example/RE9.mp3' } }), { attempt: nthAttempt(1) });
    // Assess
    const [upload] = fake.writes.flatMap((w) => (w.kind === 'document' ? [w.upload.parent] : []));
    expect(upload).toEqual({ type: 'Matter', id: 11 });
    expect(outcome).toMatchObject({ status: 'logged', clio: { matterId: 10 } });
    expect(outcome.trace).toContainEqual({
      step: 'document',
      decision: 'left_on_refused_matter',
      detail: { documentId: outcome.clio.documentId, matterId: 11 },
    });
  });
});
