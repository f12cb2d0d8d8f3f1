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

/** A 422 when the body carries an attribute the simulator does not model (rather than ignoring it). */
export function refuseUnmodelled(data: Record<string, unknown>, keys: readonly string[]): void {
  const key = keys.find((name) => data[name] !== undefined);
  if (key !== undefined) throw validationError(`The simulator does not model ${key} here`);
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

/** An optional non-negative number (absent or null → undefined). */
export function optionalNumber(data: Record<string, unknown>, key: string): number | undefined {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw validationError(`${label(key)} must be a non-negative number`);
  return value;
}

/** A required date (`YYYY-MM-DD`, a full ISO date-time keeps its own calendar day). */
export function requiredDate(data: Record<string, unknown>, key: string): string {
  const value = requiredString(data, key);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value.slice(0, 10)))) {
    throw validationError(`${label(key)} is not a valid date`);
  }
  return value.slice(0, 10);
}

/**
 * An optional `{"id": n}` reference that must name an existing record: absent → undefined,
 * null → null (clears it), unknown id → 422 `"<What> <id> does not exist"`.
 */
export function optionalRef(data: Record<string, unknown>, key: string, what: string, exists: (id: number) => boolean): { id: number } | null | undefined {
  const value = data[key];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!isRecord(value)) throw validationError(`${label(key)} must be an object with an id`);
  const id = idOf(value.id, what);
  if (!exists(id)) throw validationError(`${what} ${id} does not exist`);
  return { id };
}

/** Whether a request's nested `id` (number or numeric string) names `id`. */
export function isId(value: unknown, id: number): boolean {
  return (typeof value === 'number' || typeof value === 'string') && String(value) === String(id);
}
