import { cpus, release, totalmem, type } from 'node:os';

/** The nearest-rank percentile (`p` in 0..100) of some samples; NaN when there are none. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};

/** The median of some samples. */
export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Rounds for display and for results.json (figures are not more precise than this). */
export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** The machine a run was measured on: figures are only comparable within one machine. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
}

export const machine = (): Machine => ({
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30),
  os: `${type()} ${release()}`,
  node: process.version,
});

/** One row of the printed table: what was measured, the figure, and what it stands beside. */
export interface Row {
  readonly section: string;
  readonly figure: string;
  readonly value: string;
  readonly beside: string;
}

/** A plain-text table (no colours, no box drawing) that reads the same in a terminal, a CI log and a README. */
export const formatTable = (rows: readonly Row[]): string => {
  const header: Row = { section: 'Section', figure: 'Figure', value: 'Measured', beside: 'Beside' };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((r) => r[key].length));
  const keys: (keyof Row)[] = ['section', 'figure', 'value', 'beside'];
  const line = (r: Row) => `| ${keys.map((k) => r[k].padEnd(width(k))).join(' | ')} |`;
  const rule = `|${keys.map((k) => '-'.repeat(width(k) + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
};

/** A number with thousands separators, for the table. */
export const grouped = (value: number, digits = 0): string => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * One firm far beyond what any firm sends, measured for what the pipeline costs: its fair share is lifted so every
 * event takes the main lane and none is refused (docs/fairness.md).
 */
export const UNLIMITED_FAIRNESS = { windowSeconds: 10, fairShare: 1_000_000, ceiling: 1_000_000 } as const;
