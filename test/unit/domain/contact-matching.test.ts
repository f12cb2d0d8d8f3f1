import { numberMatches, rankCandidates, type ContactCandidate } from '../../../shared/domain/contact-matching.js';

const contact = (id: number, phoneNumbers: string[], extra: Partial<ContactCandidate> = {}): ContactCandidate => ({
  id,
  name: `Contact ${id}`,
  isClient: false,
  phoneNumbers,
  ...extra,
});

describe('contact matching', () => {
  it('keeps only contacts one of whose stored numbers is the same number', () => {
    // Prepare: search hits on other text (a zip code, a similar number, a number with words)
    const hits = [
      contact(1, ['(415) 555-0100']),
      contact(2, ['415-555-0101']),
      contact(3, ['415-555-0100 (front desk)']),
      contact(4, ['not a number', '+1 415 555 0100']),
    ];
    // Act
    const matches = numberMatches(hits, '+14155550100', 'US');
    // Assess
    expect(matches.map((c) => c.id)).toEqual([1, 4]);
  });

  it('counts a contact found by several searches once', () => {
    expect(numberMatches([contact(1, ['4155550100']), contact(1, ['4155550100'])], '+14155550100', 'US')).toHaveLength(1);
  });

  it('ranks clients first, then the most recently updated, then the lowest id', () => {
    // Prepare
    const candidates = [
      contact(1, [], { updatedAt: '2026-01-01T00:00:00Z' }),
      contact(2, [], { updatedAt: '2026-03-01T00:00:00Z' }),
      contact(3, [], { isClient: true, updatedAt: '2025-01-01T00:00:00Z' }),
      contact(0, [], { updatedAt: '2026-01-01T00:00:00Z' }),
    ];
    // Act
    const ranked = rankCandidates(candidates);
    // Assess
    expect(ranked.map((c) => c.id)).toEqual([3, 2, 0, 1]);
  });
});
