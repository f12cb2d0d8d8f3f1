import { isRecord, validationError } from './http.js';

const label = (key: string): string => {
  const text = key.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** An optional string attribute: absent or null → null; another type → 422. */
export function optionalString(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw validationError(`${label(key)} must be a string`);
  return value;
}

/** A required, non-blank string attribute (`"Subject can't be blank"` otherwise). */
export function requiredString(data: Record<string, unknown>, key: string): string {
  const value = optionalString(data, key);
  if (value === null || value.trim() === '') throw validationError(`${label(key)} can't be blank`);
  return value;
}

/** A required attribute that must be one of `allowed`. */
export function requiredEnum<T extends string>(data: Record<string, unknown>, key: string, allowed: readonly T[]): T {
  const value = requiredString(data, key);
  if (!(allowed as readonly string[]).includes(value)) throw validationError(`${label(key)} is not included in the list`);
  return value as T;
}

/** An optional array of objects (absent or null → []). */
export function optionalObjects(data: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  const value = data[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) throw validationError(`${label(key)} must be a list of objects`);
  return value;
}

/** An optional boolean attribute (absent or null → undefined). */
export function optionalBoolean(data: Record<string, unknown>, key: string): boolean | undefined {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationError(`${label(key)} must be true or false`);
  return value;
}

/** A positive integer id, also accepted as a numeric string (Clio accepts both). */
export function idOf(value: unknown, what: string): number {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) throw validationError(`${what} id is invalid`);
  return id;
}

/** An optional ISO date or date-time; returns the parsed Date or null. */
export function optionalTime(data: Record<string, unknown>, key: string): Date | null {
  const value = optionalString(data, key);
  if (value === null) return null;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw validationError(`${label(key)} is not a valid date`);
  return time;
}
