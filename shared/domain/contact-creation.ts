import type { CanonicalEvent } from './canonical-event.js';
import { nationalNumber } from './phone.js';

/** A Person to create in Clio for an unknown caller. */
export interface NewContact {
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: { readonly number: string; readonly label: 'Work' | 'Mobile'; readonly isDefault: true };
}

// Caller-ID (CNAM) values that name no one.
const PLACEHOLDER_NAMES = new Set([
  'WIRELESS CALLER',
  'UNKNOWN',
  'UNKNOWN CALLER',
  'UNKNOWN NAME',
  'ANONYMOUS',
  'PRIVATE',
  'PRIVATE CALLER',
  'RESTRICTED',
  'UNAVAILABLE',
  'BLOCKED',
  'NO CALLER ID',
  'TOLL FREE',
  'CELL PHONE',
  'OUT OF AREA',
]);
const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR ON QC BC AB MB SK NS NB NL PE'
  ).split(' '),
);

const titleCase = (word: string): string => (word === word.toUpperCase() ? word.charAt(0) + word.slice(1).toLowerCase() : word);

/** Splits a caller-ID name into first and last name when it names a person, else undefined. */
export const personName = (callerIdName: string | undefined): { first: string; last: string } | undefined => {
  const cleaned = callerIdName?.replace(/\s+/g, ' ').trim() ?? '';
  if (cleaned === '' || /\d/.test(cleaned) || PLACEHOLDER_NAMES.has(cleaned.toUpperCase())) return undefined;
  const words = cleaned.split(' ');
  // "SAN FRANCISCO CA": carriers send the caller's city and state when they have no name.
  const last = words.at(-1) ?? '';
  if (words.length > 1 && last.length === 2 && last === last.toUpperCase() && US_STATES.has(last)) return undefined;
  if (!words.every((w) => /^[\p{L}][\p{L}'.-]*$/u.test(w))) return undefined;
  const [first, ...rest] = words.map(titleCase);
  if (first === undefined) return undefined;
  return rest.length === 0 ? { first, last: '' } : { first, last: rest.join(' ') };
};

/** Step 4: the Person to create for an unmatched, valid external number (docs/product.md#contact-creation). */
export const planNewContact = (event: CanonicalEvent, e164: string): NewContact => {
  const name = personName(event.external.callerIdName);
  return {
    firstName: name?.first ?? 'Unknown',
    lastName: name ? name.last : nationalNumber(e164),
    phone: { number: e164, label: event.external.lineType === 'mobile' ? 'Mobile' : 'Work', isDefault: true },
  };
};
