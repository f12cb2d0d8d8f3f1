import type { LocalStack } from '../../local/stack.js';
import { genericRequest } from '../../local/signed-callbacks.js';

/** Posts an event to the generic route, signed with the Standard Webhooks reference library. */
export const postGeneric = (stack: LocalStack, event: Record<string, unknown>, options: { tenantId?: string; secret?: string; id?: string } = {}): Promise<Response> =>
  fetch(`${stack.url}/v1/tenants/${options.tenantId ?? 'demo'}/webhooks/generic`, genericRequest(options.secret ?? stack.demo.webhookSecret, event, options.id));
