import type { LocalStack } from '../../local/stack.js';
import { deliver, sign } from '../../local/signers/index.js';

/** Posts an event to the generic route, signed with the Standard Webhooks reference library. */
export const postGeneric = (
  stack: LocalStack,
  event: Record<string, unknown>,
  options: { tenantId?: string; secret?: string; id?: string } = {},
): Promise<Response> =>
  deliver(
    sign('generic', options.secret ?? stack.demo.webhookSecret, {
      url: `${stack.url}/v1/tenants/${options.tenantId ?? 'demo'}/webhooks/generic`,
      body: JSON.stringify(event),
      deliveryId: options.id,
    }),
  );
