import { formatPhone, headline, traceSentences, type OutcomeSummary } from '../../../console/src/trace.js';

const outcome = (change: Partial<OutcomeSummary>): OutcomeSummary => ({
  eventId: 'twilio:call:CA1',
  provider: 'twilio',
  kind: 'call',
  direction: 'inbound',
  status: 'logged',
  occurredAt: '2026-01-05T10:00:00Z',
  recordedAt: '2026-01-05T10:00:01Z',
  clio: {},
  trace: [],
  ...change,
});

describe("the console's plain-sentence outcomes", () => {
  it('says why an event was skipped, with the number as a person writes it and the setting by its name', () => {
    // Prepare
    const skipped = outcome({
      status: 'skipped',
      reason: 'no_contact_exclusive',
      trace: [
        { step: 'number', decision: 'normalised', detail: { raw: '4155550177', e164: '+14155550177' } },
        { step: 'exclusive_gate', decision: 'no_contact_exclusive' },
      ],
    });
    // Act / Assess
    expect(headline(skipped)).toBe('Skipped: no contact matched +1 415-555-0177 and Exclusive Contact Association is on');
    expect(traceSentences(skipped.trace)).toEqual([
      "The other party's number is +1 415-555-0177.",
      'No contact was found and Exclusive Contact Association is on, so it was skipped.',
    ]);
  });

  it("names the Clio communication of a logged event, a parked event's remedy, and an unknown step as it is", () => {
    expect(headline(outcome({ clio: { communicationId: 12 } }))).toBe('Logged in Clio as communication 12');
    expect(headline(outcome({ status: 'parked', reason: 'tenant_not_connected' }))).toBe('Parked: Clio is not connected; replay it once it is');
    expect(traceSentences([{ step: 'fax_media', decision: 'none' }])).toEqual(['fax media: none.']);
    expect(formatPhone('+442071234567')).toBe('+442071234567');
  });
});
