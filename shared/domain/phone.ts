import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js';

const LETTERS = /\p{L}/u;

const parse = (raw: string, defaultCountry: string): PhoneNumber | undefined => {
  // A stored number that carries words ("437-555-1234 (Jane's cell)") is not a number we can trust.
  if (LETTERS.test(raw)) return undefined;
  const parsed = parsePhoneNumberFromString(raw, defaultCountry as CountryCode);
  return parsed?.isValid() ? parsed : undefined;
};

/** E.164 for a number as a person or a phone system wrote it, or undefined when it is not a valid number. */
export const toE164 = (raw: string, defaultCountry: string): string | undefined => parse(raw, defaultCountry)?.number;

/** "+1 415-555-0100" for NANP numbers, the international format elsewhere. */
export const displayNumber = (e164: string): string => {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  if (parsed.countryCallingCode !== '1') return parsed.formatInternational();
  const n = parsed.nationalNumber;
  return `+1 ${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`;
};

/** The national format ("(415) 555-0100"), used where a number stands in for a name. */
export const nationalNumber = (e164: string): string => parsePhoneNumberFromString(e164)?.formatNational() ?? e164;

/**
 * The textual forms people type a number in, most common first. Clio's contact search matches the stored
 * text, so each form is one search; results are then filtered by normalised equality.
 */
export const searchForms = (e164: string): string[] => {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const national = parsed.nationalNumber;
  const forms = [parsed.number, parsed.formatNational()];
  if (parsed.countryCallingCode === '1' && national.length === 10) {
    const [a, b, c] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
    forms.push(`${a}-${b}-${c}`, national, `${a}.${b}.${c}`, `1${national}`);
  } else {
    forms.push(national, `${parsed.countryCallingCode}${national}`);
  }
  forms.push(parsed.formatInternational());
  return [...new Set(forms)];
};

/** Whether a stored number denotes the given E.164 number. */
export const sameNumber = (stored: string, e164: string, defaultCountry: string): boolean => toE164(stored, defaultCountry) === e164;
