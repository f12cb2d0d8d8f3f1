import { preconditionFailed } from './http.js';

interface Versioned {
  etag?: unknown;
  updated_at?: unknown;
}
/** Where the request headers come from (an API handler's context). */
interface Headed {
  header(name: string): string | undefined;
}

const stripWeak = (tag: string): string => tag.trim().replace(/^W\//, '');

function tagList(header: string): string[] {
  return header
    .split(',')
    .map(stripWeak)
    .filter((tag) => tag !== '');
}

/** `ETag` (the record's quoted etag) and `Last-Modified` (its `updated_at` as an HTTP date). */
export function etagHeaders(record: Versioned): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof record.etag === 'string') headers.ETag = record.etag;
  if (typeof record.updated_at === 'string' && !Number.isNaN(Date.parse(record.updated_at))) {
    headers['Last-Modified'] = new Date(record.updated_at).toUTCString();
  }
  return headers;
}

/** True when a GET's `If-None-Match` matches the etag, or (without it) `If-Modified-Since` is not older. */
export function notModified(ctx: Headed, record: Versioned): boolean {
  const noneMatch = ctx.header('if-none-match');
  if (noneMatch !== undefined) {
    const tags = tagList(noneMatch);
    return tags.includes('*') || (typeof record.etag === 'string' && tags.includes(record.etag));
  }
  const since = ctx.header('if-modified-since');
  if (since === undefined || typeof record.updated_at !== 'string') return false;
  const sinceTime = Date.parse(since);
  return !Number.isNaN(sinceTime) && Math.floor(Date.parse(record.updated_at) / 1000) <= Math.floor(sinceTime / 1000);
}

/**
 * Enforces `If-Match` on an update: absent is fine; otherwise it must list the current etag (or `*`).
 * @throws ApiError 412 PreconditionFailed
 */
export function requireIfMatch(ctx: Headed, record: { etag: string }): void {
  const ifMatch = ctx.header('if-match');
  if (ifMatch === undefined) return;
  const tags = tagList(ifMatch);
  if (!tags.includes('*') && !tags.includes(record.etag)) {
    throw preconditionFailed(`The resource has changed since ${ifMatch}; its current ETag is ${record.etag}`);
  }
}
