import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two texts (false when their lengths differ): for secrets, tokens and their hashes. */
export const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};
