import { OPERATION_QUERY_PARAMS } from './spec-params.data.js';

/** Where the API lives on the simulator, as on Clio. */
export const API_PREFIX = '/api/v4';
/** Where `put_url`s point (the simulator's stand-in for S3 presigned URLs). */
export const UPLOAD_PREFIX = '/__uploads/';

/**
 * The OAuth endpoints, which Clio documents outside `paths` of their OpenAPI file (docs/clio.md#clios-openapi-file),
 * with their query parameter names.
 */
const OAUTH_OPERATIONS: Readonly<Record<string, string>> = {
  'GET /oauth/authorize': 'response_type client_id redirect_uri state redirect_on_decline',
  'POST /oauth/token': '',
  'POST /oauth/deauthorize': '',
};

const words = (text: string): string[] => text.split(/\s+/).filter((word) => word !== '');

/** An operation key (`"GET /contacts/{id}.json"`) matched against a concrete request. */
export interface MatchedOperation {
  key: string;
  id: number;
}

const patterns = new Map<string, RegExp>();
/** The regex of a path template: `{id}` (or `{…_id}`) is digits, `.json` is optional as in Clio's own examples. */
function patternOf(template: string): RegExp {
  let pattern = patterns.get(template);
  if (!pattern) {
    const body = template
      .replace(/\.json$/, '')
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{[a-z_]+\}/g, '(\\d+)');
    pattern = new RegExp(`^${body}(?:\\.json)?$`);
    patterns.set(template, pattern);
  }
  return pattern;
}

/** Finds the operation among `keys` (`"METHOD template"`) that matches `method` and `path`. */
export function matchOperation(keys: Iterable<string>, method: string, path: string): MatchedOperation | undefined {
  for (const key of keys) {
    const [keyMethod = '', template = ''] = key.split(' ');
    if (keyMethod !== method) continue;
    const match = patternOf(template).exec(path);
    if (match) return { key, id: Number(match[1] ?? 0) };
  }
  return undefined;
}

/** The outcome of checking a request against the spec. */
export interface SpecCheck {
  /** The first query parameter the operation does not document. */
  unknownParam?: string;
  /** Documented operation and every parameter name documented. */
  validated: boolean;
}

function checkParams(operation: string, allowedText: string, query: URLSearchParams): SpecCheck {
  const allowed = new Set(words(allowedText));
  const unknownParam = [...new Set(query.keys())].find((name) => !allowed.has(name));
  return unknownParam === undefined ? { validated: true } : { unknownParam, validated: false };
}

/**
 * Checks a request's method, path and query parameter names against Clio's OpenAPI spec
 * (plus the OAuth endpoints and the upload `PUT`, which Clio documents elsewhere).
 */
export function checkAgainstSpec(method: string, pathname: string, query: URLSearchParams): SpecCheck {
  if (pathname.startsWith(`${API_PREFIX}/`)) {
    const path = pathname.slice(API_PREFIX.length);
    const found = matchOperation(Object.keys(OPERATION_QUERY_PARAMS), method, path);
    return found ? checkParams(found.key, OPERATION_QUERY_PARAMS[found.key] ?? '', query) : { validated: false };
  }
  if (pathname.startsWith(UPLOAD_PREFIX)) return { validated: method === 'PUT' };
  const oauth = `${method} ${pathname}`;
  const allowed = OAUTH_OPERATIONS[oauth];
  return allowed === undefined ? { validated: false } : checkParams(oauth, allowed, query);
}
