import { displayNumber, nationalNumber, sameNumber, searchForms, toE164 } from '../../../shared/domain/phone.js';

describe('phone numbers', () => {
  it.each([
    ['(415) 555-0100', 'US', '+14155550100'],
    ['415.555.0100', 'US', '+14155550100'],
    ['1 415 555 0100', 'US', '+14155550100'],
    ['+1 (415) 555-0100', 'GB', '+14155550100'],
    ['020 7946 0958', 'GB', '+442079460958'],
  ])('reads %s (default country %s) as %s', (raw, country, e164) => {
    expect(toE164(raw, country)).toBe(e164);
  });

  it.each([['anonymous'], ['+266696687'], [''], ['12'], ["437-555-1234 (Jane's cell)"], ['call 415 555 0100']])('finds no number in %p', (raw) => {
    expect(toE164(raw, 'US')).toBeUndefined();
  });

  it('searches the forms people type, E.164 first, without repeats', () => {
    const forms = searchForms('+14155550100');
    expect(forms[0]).toBe('+14155550100');
    expect(forms).toEqual(expect.arrayContaining(['(415) 555-0100', '415-555-0100', '4155550100', '415.555.0100']));
    expect(new Set(forms).size).toBe(forms.length);
  });

  it('searches national forms for numbers outside North America', () => {
    expect(searchForms('+442079460958')).toEqual(expect.arrayContaining(['+442079460958', '020 7946 0958', '2079460958']));
  });

  it('shows North American numbers as +1 415-555-0100 and others internationally', () => {
    expect(displayNumber('+14155550100')).toBe('+1 415-555-0100');
    expect(displayNumber('+442079460958')).toBe('+44 20 7946 0958');
    expect(nationalNumber('+14155550100')).toBe('(415) 555-0100');
  });

  it('compares a stored number with an E.164 number by meaning, not text', () => {
    expect(sameNumber('415.555.0100', '+14155550100', 'US')).toBe(true);
    expect(sameNumber('415.555.0101', '+14155550100', 'US')).toBe(false);
  });
});
