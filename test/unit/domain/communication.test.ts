import type { CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { formatDuration, planCommunication } from '../../../shared/domain/communication.js';
import { anEvent } from '../../support/events.js';

const jane = { id: 1001, name: 'Jane Smith' };
const plan = (event: Partial<CanonicalEvent>, contact: { id: number; name: string } | null = jane) =>
  planCommunication(anEvent(event), { eventId: 'twilio:call:CA1', userId: 345, e164: '+14155550100', ...(contact ? { contact } : {}) });

describe('the Communication written for an event', () => {
  it.each<[Partial<CanonicalEvent>, string]>([
    [{}, 'Inbound call from Jane Smith (+1 415-555-0100)'],
    [{ status: 'missed' }, 'Missed call from Jane Smith (+1 415-555-0100)'],
    [{ direction: 'outbound' }, 'Outbound call to Jane Smith (+1 415-555-0100)'],
    [{ direction: 'outbound', status: 'no_answer' }, 'Outbound call to Jane Smith (+1 415-555-0100) (no answer)'],
    [{ kind: 'voicemail', status: 'voicemail' }, 'Voicemail from Jane Smith (+1 415-555-0100)'],
    [{ kind: 'sms', status: 'received' }, 'SMS from Jane Smith (+1 415-555-0100)'],
    [{ kind: 'sms', direction: 'outbound', status: 'delivered' }, 'SMS to Jane Smith (+1 415-555-0100)'],
    [{ kind: 'fax', status: 'received' }, 'Fax from Jane Smith (+1 415-555-0100)'],
  ])('is titled from kind, direction and status (%p)', (event, subject) => {
    expect(plan(event).subject).toBe(subject);
  });

  it('names the number alone when no contact is linked', () => {
    expect(plan({}, null).subject).toBe('Inbound call from +1 415-555-0100');
  });

  it('puts the contact as sender and the user as receiver of an inbound call, the reverse outbound', () => {
    expect(plan({})).toMatchObject({ senders: [{ id: 1001, type: 'Contact' }], receivers: [{ id: 345, type: 'User' }] });
    expect(plan({ direction: 'outbound' })).toMatchObject({ senders: [{ id: 345, type: 'User' }], receivers: [{ id: 1001, type: 'Contact' }] });
    expect(plan({}, null)).toMatchObject({ senders: [], receivers: [{ id: 345, type: 'User' }] });
  });

  it('writes the body lines and receives the call at its start', () => {
    // Act
    const draft = plan({ recording: { url: 'https://api.twilio.com/rec/RE1' }, transcript: 'Please call me back' });
    // Assess
    expect(draft.receivedAt).toBe('2026-01-02T08:04:05.000Z');
    expect(draft.body.split('\n')).toEqual([
      'Direction: Inbound',
      'From: Jane Smith (+1 415-555-0100)',
      'To: +1 415-555-0199',
      'Status: Completed',
      'Duration: 0:02:05',
      'Started: 2026-01-02T08:04:05.000Z',
      'Recording: https://api.twilio.com/rec/RE1',
      'Transcript: Please call me back',
    ]);
  });

  it('carries the SMS text and its media links', () => {
    const draft = plan({ kind: 'sms', status: 'received', durationSeconds: undefined, text: 'On my way', media: [{ url: 'https://media.example/1.jpg' }] });
    expect(draft.body).toContain('\n\nOn my way\nAttachment: https://media.example/1.jpg');
  });

  it.each([
    [0, '0:00:00'],
    [59, '0:00:59'],
    [3600, '1:00:00'],
    [3725, '1:02:05'],
  ])('formats %p seconds as %p', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
