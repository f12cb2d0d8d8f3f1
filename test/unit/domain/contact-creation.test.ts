import { personName, planNewContact } from '../../../shared/domain/contact-creation.js';
import { anEvent } from '../../support/events.js';

describe('contact creation', () => {
  it.each([
    ['JANE SMITH', { first: 'Jane', last: 'Smith' }],
    ["Mary Ann O'Neil", { first: 'Mary', last: "Ann O'Neil" }],
    ['CHEN', { first: 'Chen', last: '' }],
  ])('names a person from the caller ID %p', (callerId, name) => {
    expect(personName(callerId)).toEqual(name);
  });

  it.each([['WIRELESS CALLER'], ['UNKNOWN'], ['Anonymous'], ['SAN FRANCISCO CA'], ['TORONTO ON'], ['4155550100'], ['+1 415'], [''], [undefined]])(
    'does not take %p for a name',
    (callerId) => {
      expect(personName(callerId)).toBeUndefined();
    },
  );

  it('plans a Person named from the caller ID, with the number in E.164 as the default Work number', () => {
    expect(planNewContact(anEvent({ external: { raw: '+14155550100', callerIdName: 'JANE SMITH' } }), '+14155550100')).toEqual({
      firstName: 'Jane',
      lastName: 'Smith',
      phone: { number: '+14155550100', label: 'Work', isDefault: true },
    });
  });

  it('falls back to Unknown and the national number, and labels a mobile line Mobile', () => {
    expect(planNewContact(anEvent({ external: { raw: '+14155550100', callerIdName: 'WIRELESS CALLER', lineType: 'mobile' } }), '+14155550100')).toEqual({
      firstName: 'Unknown',
      lastName: '(415) 555-0100',
      phone: { number: '+14155550100', label: 'Mobile', isDefault: true },
    });
  });
});
