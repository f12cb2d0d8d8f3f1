import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import type * as z from 'zod';
import type { Provider } from '../../domain/canonical-event.js';
import { ValidationError } from '../../domain/errors.js';
import type { InboundWebhook, ParseContext } from '../../ports/webhook-provider.js';

/** What every provider adapter repeats: reading a body, parsing a payload, instants, the base event, signatures. */

/** The verified body as JSON; a body that is not JSON is a malformed callback (400), named after its sender. */
export const jsonBody = (request: InboundWebhook, what: string): unknown => {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (cause) {
    throw new ValidationError('malformed_payload', `${what}: body is not valid JSON`, { cause });
  }
};

/** Parses what a callback promised, or throws a `malformed_payload` naming the sender and the first problem. */
export const readPayload = <T>(sender: string, schema: z.ZodType<T>, value: unknown, what: string): T => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError('malformed_payload', `${sender} ${what}: ${issue?.path.join('.') || 'payload'} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
};

/** An ISO instant from any date text `Date.parse` reads (ISO 8601, RFC 2822), or the fallback. */
export const instantOr = (value: string | null | undefined, fallback: Date): string => {
  const parsed = value ? Date.parse(value) : Number.NaN;
  return new Date(Number.isNaN(parsed) ? fallback.getTime() : parsed).toISOString();
};

/** The fields every canonical event of a provider shares. */
export const baseEvent = <P extends Provider>(provider: P, ctx: ParseContext) => ({
  schemaVersion: 1 as const,
  tenantId: ctx.tenantId,
  provider,
  correlationId: ctx.correlationId,
});

/** When a call whose deciding callbacks may still be on their way is assembled again and logged (docs/calls.md). */
export const settleUntil = (ctx: ParseContext): string => new Date(ctx.receivedAt.getTime() + ctx.settleSeconds * 1000).toISOString();

/**
 * Whether `token` is an HS256 JWS signed with `secret`. jose reads the header; the MAC is checked here with
 * node:crypto in constant time because `WebhookProvider.verify` is synchronous and jose's `jwtVerify` is not.
 */
export const hs256Valid = (token: string, secret: string): boolean => {
  try {
    if (decodeProtectedHeader(token).alg !== 'HS256') return false;
  } catch {
    return false;
  }
  const [header = '', payload = '', signature = ''] = token.split('.');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** A provider's answer that is larger than the record asked for: not that record, and never read whole. */
export class ResponseTooLarge extends Error {}

/**
 * A provider API's answer as text, read up to `maxBytes`: a larger `Content-Length` is refused before reading, and
 * the body is counted as it streams and dropped past the bound (a record API answers a few KB, never megabytes).
 * @throws ResponseTooLarge past the bound
 */
export const boundedText = async (response: Response, maxBytes: number, what: string): Promise<string> => {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLarge(`${what} is larger than ${maxBytes} bytes`);
  }
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      // The rest is never downloaded.
      await reader?.cancel();
      throw new ResponseTooLarge(`${what} is larger than ${maxBytes} bytes`);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
};
