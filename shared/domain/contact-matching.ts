import { sameNumber } from './phone.js';

/** A Clio contact as the matcher sees it. */
export interface ContactCandidate {
  readonly id: number;
  readonly name: string;
  readonly isClient: boolean;
  /** ISO date-time of the last change in Clio. */
  readonly updatedAt?: string;
  /** The phone numbers exactly as stored in Clio (free text). */
  readonly phoneNumbers: readonly string[];
}

/** Keeps the candidates one of whose stored numbers denotes `e164`; search hits on other text are dropped. */
export const numberMatches = (candidates: readonly ContactCandidate[], e164: string, defaultCountry: string): ContactCandidate[] => {
  const seen = new Set<number>();
  return candidates.filter((c) => {
    if (seen.has(c.id) || !c.phoneNumbers.some((n) => sameNumber(n, e164, defaultCountry))) return false;
    seen.add(c.id);
    return true;
  });
};

const updatedTime = (c: ContactCandidate): number => (c.updatedAt ? Date.parse(c.updatedAt) || 0 : 0);

/** Several contacts share the number: clients first, then the most recently updated, then the lowest id. */
export const rankCandidates = (matches: readonly ContactCandidate[]): ContactCandidate[] =>
  [...matches].sort((a, b) => Number(b.isClient) - Number(a.isClient) || updatedTime(b) - updatedTime(a) || a.id - b.id);
