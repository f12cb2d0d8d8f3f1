import * as z from 'zod';
import type { MatterHookDelivery } from '../../ports/clio-hooks.js';
import { parseHookBody } from './clio-hook-body.js';

const deliverySchema = z.object({
  data: z.object({
    id: z.number().int().positive(),
    status: z.string().max(32).optional(),
    updated_at: z.string().max(64).optional(),
    client: z.object({ id: z.number().int().positive() }).nullish(),
  }),
  meta: z.object({ event: z.string().max(64) }),
});

const CHANGES = new Set(['created', 'updated', 'matter_opened', 'matter_pended', 'matter_closed']);

/** `{"data": {"id", ...}, "meta": {"event", "webhook_id"}}`. */
export const parseMatterHook = (body: Buffer): MatterHookDelivery => {
  const { data, meta } = parseHookBody(body, deliverySchema, 'matter');
  if (meta.event === 'deleted') return { event: 'deleted', matterId: data.id };
  if (!CHANGES.has(meta.event)) return { event: 'other', name: meta.event };
  const delivered = {
    ...(data.status ? { status: data.status } : {}),
    ...(data.updated_at ? { updatedAt: data.updated_at } : {}),
    ...(data.client ? { clientId: data.client.id } : {}),
  };
  return { event: 'changed', matterId: data.id, delivered };
};
