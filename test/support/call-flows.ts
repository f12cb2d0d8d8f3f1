import { readFileSync } from 'node:fs';

/** A call as a provider reports it: the callbacks of one real call, from `test/fixtures/providers/<provider>/flow-*.json`. */
export interface CallFlow<T> {
  readonly source: readonly string[];
  readonly what: string;
  readonly callbacks: readonly T[];
  readonly message?: Record<string, string>;
}

let sequence = 0;
const hex = (width: number): string => `${Date.now().toString(16)}${(sequence++).toString(16).padStart(4, '0')}`.padStart(width, '0');

/** Fresh ids for one telling of a flow (the stack remembers provider ids for 72 hours). */
export const flowIds = () => ({
  CALL: `CA${hex(32)}`, CHILD: `CA${hex(32)}`, REC: `RE${hex(32)}`, MSG: `SM${hex(32)}`, ACCOUNT: 'AC0123456789abcdef0123456789abcdef',
  SESSION: `428c31b6-${hex(12)}`, LEG_A: `leg-a-${hex(12)}`, LEG_B: `leg-b-${hex(12)}`, RUN: hex(16),
});
export type FlowIds = ReturnType<typeof flowIds>;

/** The flow with its `{PLACEHOLDERS}` filled in. */
export const loadFlow = <T>(provider: string, name: string, ids: FlowIds, webhook: string): CallFlow<T> => {
  const text = readFileSync(new URL(`../fixtures/providers/${provider}/${name}.json`, import.meta.url), 'utf8')
    .replaceAll(/\{([A-Z_]+)\}/g, (whole, key: string) => (Object.hasOwn(ids, key) ? ids[key as keyof FlowIds] : whole))
    .replaceAll('{webhook}', webhook);
  return JSON.parse(text) as CallFlow<T>;
};

/** The orders a flow is told in: as documented, and backwards with every callback sent twice. */
export const ARRIVAL_ORDERS = {
  documented: <T>(callbacks: readonly T[]): T[] => [...callbacks],
  'reversed, each twice': <T>(callbacks: readonly T[]): T[] => [...callbacks].reverse().flatMap((c) => [c, c]),
  'interleaved duplicates': <T>(callbacks: readonly T[]): T[] => [...callbacks.filter((_, i) => i % 2 === 1), ...callbacks, ...callbacks.filter((_, i) => i % 2 === 0)],
} as const;
