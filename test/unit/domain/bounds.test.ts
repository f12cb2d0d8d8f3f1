import { LIMITS, truncated } from '../../../shared/domain/bounds.js';
import { planCommunication } from '../../../shared/domain/communication.js';
import { canonicalEventSchema } from '../../../shared/domain/canonical-event.js';
import { anEvent } from '../../support/events.js';

describe('bounds on free text', () => {
  it('keeps a text within its bound as it is', () => {
    expect(truncated('Running late', 100)).toBe('Running late');
  });

  it('cuts a longer text to its bound and says how much was left out', () => {
    const cut = truncated('x'.repeat(10_000), 1_000);
    expect(cut.length).toBeLessThanOrEqual(1_000);
    expect(cut.length).toBeGreaterThan(995);
    expect(cut).toMatch(/^x+ … \[9,0\d\d more characters not kept\]$/);
    expect(Number(/\[([\d,]+) more/.exec(cut)?.[1]?.replaceAll(',', ''))).toBe(10_000 - cut.indexOf(' …'));
  });

  it("cuts an event's free text when it is read, never refusing the event", () => {
    const parsed = canonicalEventSchema.parse(
      anEvent({ kind: 'sms', text: 'y'.repeat(50_000), transcript: 'z'.repeat(50_000), external: { raw: '1'.repeat(1_000) } }),
    );
    expect([parsed.text?.length, parsed.transcript?.length, parsed.external.raw.length]).toEqual([LIMITS.text, LIMITS.transcript, LIMITS.label]);
  });

  it("writes a Communication within Clio's bounds, whatever the contact's name", () => {
    const draft = planCommunication(anEvent({ kind: 'sms', text: 'w'.repeat(LIMITS.text) }), {
      eventId: 'twilio:message:SM1',
      userId: 345,
      contact: { id: 1, name: 'N'.repeat(400) },
    });
    expect(draft.subject.length).toBeLessThanOrEqual(LIMITS.subject);
    expect(draft.body.length).toBeLessThanOrEqual(LIMITS.body);
  });
});
