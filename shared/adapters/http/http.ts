import type { HttpResponse } from '../../ports/webhook-provider.js';

/** The media type of a Content-Type header, lower-cased, without parameters. */
export const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Every error answer of the API: `{ "error": { "code", "message" } }`. */
export const errorResponse = (statusCode: number, code: string, message: string): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: { code, message } }),
});
