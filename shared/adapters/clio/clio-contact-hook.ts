import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { ClioHookReader, ContactHookDelivery } from '../../ports/clio-hooks.js';
import { parseHookBody } from './clio-hook-body.js';
import { parseMatterHook } from './clio-matter-hook.js';

const deliverySchema = z.object({
  data: z.object({
    id: z.number().int().positive(),
    name: z.string().optional(),
    is_client: z.boolean().optional(),
    updated_at: z.string().optional(),
    phone_numbers: z.array(z.object({ number: z.string().nullish() })).optional(),
  }),
  meta: z.object({ event: z.string() }),
});

/** `X-Hook-Signature`: hex HMAC-SHA256 of the raw body with the secret Clio gave at the handshake. */
export const validHookSignature = (body: Buffer, signature: string | undefined, secret: string): boolean => {
  if (!signature) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature.trim(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** A Clio contact webhook delivery (`{"data": {...fields}, "meta": {"event", "webhook_id"}}`). */
export const parseContactHook = (body: Buffer): ContactHookDelivery => {
  const { data, meta } = parseHookBody(body, deliverySchema, 'contact');
  if (meta.event === 'deleted') return { event: 'deleted', contactId: data.id };
  if (meta.event !== 'created' && meta.event !== 'updated') return { event: 'other', name: meta.event };
  return {
    event: 'upsert',
    contact: {
      id: data.id,
      name: data.name ?? '',
      isClient: data.is_client ?? false,
      ...(data.updated_at ? { updatedAt: data.updated_at } : {}),
      phoneNumbers: (data.phone_numbers ?? []).flatMap((p) => (p.number ? [p.number] : [])),
    },
  };
};

/** The {@link ClioHookReader} of Clio's contact and matter webhooks. */
export const clioHookReader: ClioHookReader = { validSignature: validHookSignature, contact: parseContactHook, matter: parseMatterHook };
