import type { Settings } from './settings.js';

/** What the choice of a matter needs to know of one: nothing of its subject, its client or its number. */
export interface MatterSummary {
  readonly id: number;
  readonly status: string;
  /** When the matter last changed in Clio: `most-recent-open` links the latest. */
  readonly updatedAt?: string;
  /** `YYYY-MM-DD`; breaks a tie between matters updated at the same moment (the later opened wins). */
  readonly openDate?: string;
}

export type MatterChoice =
  | { readonly decision: 'chosen'; readonly matter: MatterSummary }
  | { readonly decision: 'none' }
  | { readonly decision: 'ambiguous'; readonly candidates: readonly MatterSummary[] };

/** Matters a call may be linked to: open or pending ones. */
export const isOpenMatter = (m: Pick<MatterSummary, 'status'>): boolean => m.status === 'Open' || m.status === 'Pending';

const time = (value: string | undefined): number => {
  const parsed = Date.parse(value ?? '');
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
};

/** Later update first, then later open date, then the higher id: the same matters give the same answer in any order. */
const newer = (a: MatterSummary, b: MatterSummary): MatterSummary => {
  const byUpdate = time(b.updatedAt) - time(a.updatedAt);
  if (byUpdate !== 0) return byUpdate > 0 ? b : a;
  const byOpening = time(b.openDate) - time(a.openDate);
  if (byOpening !== 0) return byOpening > 0 ? b : a;
  return b.id > a.id ? b : a;
};

/** Step 6: which open or pending matter to link, by `matterSelection`. */
export const chooseMatter = (matters: readonly MatterSummary[], selection: Settings['matterSelection']): MatterChoice => {
  const open = [...new Map(matters.filter(isOpenMatter).map((m) => [m.id, m])).values()];
  const [first] = open;
  if (first === undefined) return { decision: 'none' };
  if (open.length === 1) return { decision: 'chosen', matter: first };
  if (selection === 'single-open') return { decision: 'ambiguous', candidates: open };
  return { decision: 'chosen', matter: open.reduce(newer) };
};
