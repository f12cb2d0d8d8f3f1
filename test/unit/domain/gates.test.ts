import type { CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { exclusiveGate, skipBeforeClio } from '../../../shared/domain/gates.js';
import { DEFAULT_SETTINGS, mergeSettings, type SettingsPatch } from '../../../shared/domain/settings.js';
import { anEvent } from '../../support/events.js';

describe('kind gate', () => {
  it.each<[string, Partial<CanonicalEvent>, SettingsPatch, string | undefined]>([
    ['a completed call with defaults', {}, {}, undefined],
    ['calls off', {}, { callLogging: false }, 'logging_disabled:call'],
    ['voicemail with calls off', { kind: 'voicemail', status: 'voicemail' }, { callLogging: false }, 'logging_disabled:voicemail'],
    ['SMS off', { kind: 'sms', status: 'received' }, { smsLogging: false }, 'logging_disabled:sms'],
    ['faxes off', { kind: 'fax', status: 'received' }, { faxLogging: false }, 'logging_disabled:fax'],
    ['an internal call with defaults', { direction: 'internal' }, {}, 'internal_call'],
    ['an internal call when internal calls are logged', { direction: 'internal' }, { logInternalCalls: true }, undefined],
    ['a missed call with missed calls off', { status: 'missed' }, { logMissedCalls: false }, 'missed_call'],
    ['a busy call with missed calls off', { status: 'busy' }, { logMissedCalls: false }, 'missed_call'],
    ['a missed call with defaults', { status: 'no_answer' }, {}, undefined],
    ['a blocked number written another way', {}, { blockedNumbers: ['(415) 555-0100'] }, 'blocked_number'],
    ['a value the provider added that the log does not depend on', { unrecognised: [{ field: 'connect_type', value: 'satellite' }] }, {}, undefined],
    [
      'a value the provider added that decides who called whom',
      { unrecognised: [{ field: 'direction', value: 'sideways', decisive: true }] },
      {},
      'unrecognised_value',
    ],
  ])('%s → %p', (_name, event, settings, expected) => {
    expect(skipBeforeClio(anEvent(event), mergeSettings(settings), '+14155550100')).toBe(expected);
  });

  it('cannot block a caller whose number is unknown', () => {
    expect(skipBeforeClio(anEvent(), mergeSettings({ blockedNumbers: ['anonymous'] }), undefined)).toBeUndefined();
  });
});

describe('exclusive gate', () => {
  it.each([
    [false, false, undefined],
    [false, true, undefined],
    [true, true, undefined],
    [true, false, 'no_contact_exclusive'],
  ])('exclusive %p, contact %p → %p', (exclusive, hasContact, expected) => {
    expect(exclusiveGate({ ...DEFAULT_SETTINGS, exclusiveContactAssociation: exclusive }, hasContact)).toBe(expected);
  });
});
