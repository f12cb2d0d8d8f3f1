import { createHmac } from 'node:crypto';
import * as z from 'zod';
import type { HttpResponse } from '../../../domain/http-response.js';
import type { InboundWebhook, Verification, VerifyContext } from '../../../ports/webhook-provider.js';
import { sameText as equal } from '../../../domain/same-text.js';

/** Zoom recommends refusing requests whose timestamp is more than five minutes old. */
export const ZOOM_TOLERANCE_SECONDS = 300;

const hmacHex = (secret: string, message: string | Buffer): string => createHmac('sha256', secret).update(message).digest('hex');

/**
 * Verifies `x-zm-signature` = `v0=` + hex HMAC-SHA256(secret token, `v0:{x-zm-request-timestamp}:{raw body}`)
 * (developers.zoom.us/docs/api/webhooks/#verify-webhook-events), the timestamp within ±300 s.
 */
export const verifyZoomSignature = (request: InboundWebhook, secretToken: string, { now }: VerifyContext): Verification => {
  const signature = request.headers['x-zm-signature'];
  const timestamp = request.headers['x-zm-request-timestamp'];
  if (!signature || !timestamp) return { ok: false, code: 'signature_missing', message: 'x-zm-signature or x-zm-request-timestamp header is missing' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > ZOOM_TOLERANCE_SECONDS) {
    return { ok: false, code: 'timestamp_stale', message: `x-zm-request-timestamp is more than ${ZOOM_TOLERANCE_SECONDS} s from now` };
  }
  const expected = `v0=${hmacHex(secretToken, Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), request.body]))}`;
  return equal(expected, signature) ? { ok: true } : { ok: false, code: 'signature_invalid', message: 'x-zm-signature does not match' };
};

const validationSchema = z.object({ event: z.literal('endpoint.url_validation'), payload: z.object({ plainToken: z.string().min(1).max(256) }) });

/**
 * Zoom's endpoint URL validation (at set-up and every 72 h): answered with `{plainToken, encryptedToken}`,
 * encryptedToken = hex HMAC-SHA256(secret token, plainToken). Only for a request signed with that secret and fresh:
 * answering anyone would turn the endpoint into an oracle that signs any text, forged webhooks included.
 */
export const zoomHandshake = (request: InboundWebhook, secretToken: string | undefined): HttpResponse | undefined => {
  if (secretToken === undefined || !request.body.includes('endpoint.url_validation')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return undefined;
  }
  const validation = validationSchema.safeParse(body);
  if (!validation.success || !verifyZoomSignature(request, secretToken, { publicUrl: '', now: new Date() }).ok) return undefined;
  const { plainToken } = validation.data.payload;
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ plainToken, encryptedToken: hmacHex(secretToken, plainToken) }),
  };
};
