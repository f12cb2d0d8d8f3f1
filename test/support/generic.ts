import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { LocalStack } from '../../local/stack.js';

/** Posts an event to the generic route, signed with the Standard Webhooks reference library. */
export const postGeneric = (stack: LocalStack, event: Record<string, unknown>, options: { tenantId?: string; secret?: string; id?: string } = {}): Promise<Response> => {
  const body = JSON.stringify(event);
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = new Date();
  return fetch(`${stack.url}/v1/tenants/${options.tenantId ?? 'demo'}/webhooks/generic`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(options.secret ?? stack.demo.webhookSecret).sign(id, timestamp, body),
    },
    body,
  });
};
