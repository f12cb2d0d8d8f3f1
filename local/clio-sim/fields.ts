import { EXTRA_NESTED_FIELDS, EXTRA_RESOURCE_FIELDS } from './clio-schema-extra.data.js';
import { NESTED_FIELDS as BASE_NESTED_FIELDS, RESOURCE_FIELDS as BASE_RESOURCE_FIELDS } from './clio-schema.data.js';
import { argumentError } from './http.js';

const RESOURCE_FIELDS = { ...BASE_RESOURCE_FIELDS, ...EXTRA_RESOURCE_FIELDS };
const NESTED_FIELDS: Readonly<Record<string, string>> = { ...BASE_NESTED_FIELDS, ...EXTRA_NESTED_FIELDS };

/** A top-level Clio resource whose `fields` the simulator validates. */
export type ResourceName = keyof typeof RESOURCE_FIELDS;

/** A parsed `fields` value: field name → the nested field names inside `{}`, or null without braces. */
export type FieldSelection = ReadonlyMap<string, readonly string[] | null>;

interface NestedField {
  schema: string;
  many: boolean;
}
interface Shape {
  scalars: ReadonlySet<string>;
  nested: ReadonlyMap<string, NestedField>;
}

/**
 * Names working clients request although the spec's response schema spells them `primary`
 * (see docs/clio.md#open-questions, 1): accepted and returned next to `primary`.
 */
const EXTRA_NESTED: Readonly<Record<string, readonly string[]>> = {
  PhoneNumber_base: ['default_number'],
  EmailAddress_base: ['default_email'],
};

const words = (text: string): string[] => text.split(/\s+/).filter((word) => word !== '');

const shapes = new Map<ResourceName, Shape>(
  (Object.keys(RESOURCE_FIELDS) as ResourceName[]).map((name) => {
    const spec = RESOURCE_FIELDS[name];
    const nested = words(spec.nested).map((entry): [string, NestedField] => {
      const [field = '', schema = ''] = entry.split(':');
      return [field, { schema: schema.replace('[]', ''), many: schema.startsWith('[]') }];
    });
    return [name, { scalars: new Set(words(spec.scalars)), nested: new Map(nested) }];
  }),
);

function shapeOf(resource: ResourceName): Shape {
  const shape = shapes.get(resource);
  if (!shape) throw new Error(`no field list for ${resource}`);
  return shape;
}

function nestedNames(schema: string): ReadonlySet<string> {
  return new Set([...words(NESTED_FIELDS[schema] ?? ''), ...(EXTRA_NESTED[schema] ?? [])]);
}

const invalid = (field: string): Error => argumentError(`${field} is not a valid field`);

/** Splits on commas that are not inside braces; unbalanced braces are invalid. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    if (depth < 0) throw invalid(text);
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) throw invalid(text);
  parts.push(current.trim());
  return parts.filter((part) => part !== '');
}

/**
 * Parses and validates `fields` for a resource the way Clio does: one nesting level, every name
 * checked against the resource's schema. Returns null when `fields` is absent or empty.
 * @throws ApiError 400 `"<field> is not a valid field"`
 */
export function parseFields(raw: string | null, resource: ResourceName): FieldSelection | null {
  if (raw === null || raw.trim() === '') return null;
  const shape = shapeOf(resource);
  const selection = new Map<string, readonly string[] | null>();
  for (const token of splitTopLevel(raw)) {
    const brace = token.indexOf('{');
    const name = (brace < 0 ? token : token.slice(0, brace)).trim();
    const nested = shape.nested.get(name);
    if (!shape.scalars.has(name) && !nested) throw invalid(name);
    if (brace < 0) {
      selection.set(name, null);
      continue;
    }
    if (!nested || !token.endsWith('}')) throw invalid(token);
    const allowed = nestedNames(nested.schema);
    const inner = splitTopLevel(token.slice(brace + 1, -1));
    for (const sub of inner) {
      if (sub.includes('{') || !allowed.has(sub)) throw invalid(sub);
    }
    selection.set(name, inner);
  }
  return selection;
}

function pick(value: unknown, names: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(names.map((name) => [name, record[name] ?? null]));
}

function defaultNested(schema: string): string[] {
  // Clio answers a nested resource without `{}` with its default fields; participants show who they are.
  if (schema === 'Participant') return ['id', 'type', 'name'];
  const names = nestedNames(schema);
  return ['id', 'etag'].filter((name) => names.has(name));
}

/**
 * Reduces a full view of a record to the selected fields (only `id` and `etag` without `fields`).
 * Valid fields the simulator does not model come back as `null` (or `[]` for lists).
 */
export function project(view: Record<string, unknown>, selection: FieldSelection | null, resource: ResourceName): Record<string, unknown> {
  const shape = shapeOf(resource);
  const chosen: FieldSelection =
    selection ??
    new Map([
      ['id', null],
      ['etag', null],
    ]);
  const out: Record<string, unknown> = {};
  for (const [name, sub] of chosen) {
    const nested = shape.nested.get(name);
    const value = view[name];
    if (!nested) {
      out[name] = value ?? null;
      continue;
    }
    const names = sub ?? defaultNested(nested.schema);
    if (Array.isArray(value)) out[name] = value.map((item) => pick(item, names));
    else out[name] = value === undefined || value === null ? (nested.many ? [] : null) : pick(value, names);
  }
  return out;
}
