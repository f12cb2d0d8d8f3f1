import { chooseMatter, type MatterSummary } from '../../../shared/domain/matter-choice.js';

const matter = (id: number, status: string, updatedAt: string): MatterSummary => ({ id, status, updatedAt });

describe('matter choice', () => {
  const two = [matter(1, 'Open', '2026-01-01T00:00:00Z'), matter(2, 'Pending', '2026-02-01T00:00:00Z'), matter(3, 'Closed', '2026-03-01T00:00:00Z')];

  it('finds none when no matter is open or pending', () => {
    expect(chooseMatter([matter(3, 'Closed', '2026-03-01T00:00:00Z')], 'single-open')).toEqual({ decision: 'none' });
  });

  it('links the only open matter', () => {
    expect(chooseMatter([two[0]!, two[2]!], 'single-open')).toEqual({ decision: 'chosen', matter: two[0] });
  });

  it('links nothing when several are open and the firm wants a single one', () => {
    expect(chooseMatter(two, 'single-open')).toEqual({ decision: 'ambiguous', candidates: [two[0], two[1]] });
  });

  it('links the most recently updated open matter when the firm wants that', () => {
    expect(chooseMatter(two, 'most-recent-open')).toEqual({ decision: 'chosen', matter: two[1] });
  });

  it('counts a matter found twice once', () => {
    expect(chooseMatter([two[0]!, two[0]!], 'single-open')).toEqual({ decision: 'chosen', matter: two[0] });
  });

  it('breaks a tie in the last update by the later open date, then the higher id, whatever the order', () => {
    const at = '2026-01-01T00:00:00Z';
    const older = { id: 7, status: 'Open', updatedAt: at, openDate: '2025-01-01' };
    const later = { id: 5, status: 'Open', updatedAt: at, openDate: '2025-06-01' };
    const twin = { id: 9, status: 'Open', updatedAt: at, openDate: '2025-06-01' };
    expect(chooseMatter([later, older], 'most-recent-open')).toEqual({ decision: 'chosen', matter: later });
    expect(chooseMatter([older, later], 'most-recent-open')).toEqual({ decision: 'chosen', matter: later });
    expect(chooseMatter([twin, later, older], 'most-recent-open')).toEqual({ decision: 'chosen', matter: twin });
    expect(chooseMatter([later, twin], 'most-recent-open')).toEqual({ decision: 'chosen', matter: twin });
  });
});
