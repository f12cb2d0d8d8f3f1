import type { Settings } from './settings.js';

export interface MatterSummary {
  readonly id: number;
  readonly displayNumber: string;
  readonly status: string;
  readonly updatedAt?: string;
}

export type MatterChoice =
  | { readonly decision: 'chosen'; readonly matter: MatterSummary }
  | { readonly decision: 'none' }
  | { readonly decision: 'ambiguous'; readonly candidates: readonly MatterSummary[] };

const isOpen = (m: MatterSummary): boolean => m.status === 'Open' || m.status === 'Pending';

/** Step 6: which open or pending matter to link, by `matterSelection`. */
export const chooseMatter = (matters: readonly MatterSummary[], selection: Settings['matterSelection']): MatterChoice => {
  const open = [...new Map(matters.filter(isOpen).map((m) => [m.id, m])).values()];
  const [first] = open;
  if (first === undefined) return { decision: 'none' };
  if (open.length === 1) return { decision: 'chosen', matter: first };
  if (selection === 'single-open') return { decision: 'ambiguous', candidates: open };
  const newest = open.reduce((a, b) => (Date.parse(b.updatedAt ?? '') > Date.parse(a.updatedAt ?? '') ? b : a));
  return { decision: 'chosen', matter: newest };
};
