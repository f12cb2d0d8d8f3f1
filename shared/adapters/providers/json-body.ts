import { ValidationError } from '../../domain/errors.js';
import type { InboundWebhook } from '../../ports/webhook-provider.js';

/** The verified body as JSON; a body that is not JSON is a malformed callback (400), named after its sender. */
export const jsonBody = (request: InboundWebhook, what: string): unknown => {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (cause) {
    throw new ValidationError('malformed_payload', `${what}: body is not valid JSON`, { cause });
  }
};
