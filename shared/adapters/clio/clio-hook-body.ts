import type * as z from 'zod';
import { ValidationError } from '../../domain/errors.js';

/**
 * A Clio webhook body read as JSON and checked against `schema`.
 * @throws ValidationError `malformed_payload`, naming the first field that is not what `model`'s delivery carries
 */
export const parseHookBody = <T>(body: Buffer, schema: z.ZodType<T>, model: string): T => {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new ValidationError('malformed_payload', 'The webhook body is not JSON', { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ValidationError('malformed_payload', `The webhook body is not a Clio ${model} event: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  return parsed.data;
};
