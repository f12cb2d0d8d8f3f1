// `npm run bench`: every figure in one run on one machine, printed as one table and written to bench/results.json.
// Loopback only; bounded in requests and time (about a minute on a 2-core machine).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { measureClioCalls, type ClioCallsFigure } from './clio-calls.js';
import { measureEndToEnd } from './e2e.js';
import { ceilingOf, measureAtScale, SCALE_DEFAULTS, scaleRows } from './e2e-scale.js';
import { measureIngest } from './ingest.js';
import { measureRateBudget } from './rate-budget.js';
import { formatTable, grouped, machine, round, type Row } from './stats.js';

const SETTINGS = { ingestRequests: 2000, ingestConcurrency: 8, endToEndEvents: 1000, endToEndConcurrency: 8, coldImportRuns: 7 } as const;

const started = performance.now();
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const at = performance.now();
  process.stderr.write(`bench: ${label}…`);
  const result = await work();
  process.stderr.write(` ${round((performance.now() - at) / 1000)} s\n`);
  return result;
};

const ingest = await timed('ingest acknowledgement', () => measureIngest({ requests: SETTINGS.ingestRequests, concurrency: SETTINGS.ingestConcurrency }));
const endToEnd = await timed('end to end', () => measureEndToEnd({ events: SETTINGS.endToEndEvents, concurrency: SETTINGS.endToEndConcurrency }));
const atScale = await timed(`end to end, ${SCALE_DEFAULTS.tenants} firms, realistic Clio`, () => measureAtScale());
const ceiling = ceilingOf(atScale);
const clio = await timed('Clio requests per event', measureClioCalls);
const budget = await timed('Clio budget (50 per 6 s)', () => measureRateBudget({ events: 100, limit: 50, windowMs: 6000 }));
// Imported last: it loads the CDK library (for the stack's own bundling options), which the other figures do not need.
const { measureLambdas, lambdaRows } = await import('./lambdas.js');
const lambdas = await timed('Lambda bundles and cold imports', () => measureLambdas({ runs: SETTINGS.coldImportRuns }));
const seconds = round((performance.now() - started) / 1000);

const ms = (value: number) => `${round(value, value < 10 ? 2 : 1)} ms`;
const times = (value: number) => `×${round(value)}`;
const callerLabel = (f: ClioCallsFigure) => (f.caller === 'known' ? 'known, stored "(415) 555-0100"' : 'unknown number');
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const rows: Row[] = [
  {
    section: 'Ingest (Twilio, signed)',
    figure: `ack latency p50 / p99 (${grouped(SETTINGS.ingestRequests)} req, ${SETTINGS.ingestConcurrency} at a time)`,
    value: `${ms(ingest.ingest.p50Ms)} / ${ms(ingest.ingest.p99Ms)}`,
    beside: `bare 200: ${ms(ingest.bare.p50Ms)} / ${ms(ingest.bare.p99Ms)} (${times(ingest.ratio.p50)} / ${times(ingest.ratio.p99)})`,
  },
  {
    section: 'Ingest (Twilio, signed)',
    figure: 'throughput',
    value: `${grouped(ingest.ingest.requestsPerSecond)} req/s`,
    beside: `bare 200: ${grouped(ingest.bare.requestsPerSecond)} req/s (${times(ingest.ratio.throughput)} slower)`,
  },
  {
    section: 'End to end',
    figure: `events/s, first post to last outcome (${grouped(endToEnd.events)} calls)`,
    value: `${round(endToEnd.eventsPerSecond)} events/s`,
    beside: `${grouped(endToEnd.distinctNumbers)} numbers, ${round(endToEnd.seconds)} s, zero-latency Clio; ${Object.entries(endToEnd.outcomes)
      .map(([s, n]) => `${grouped(n)} ${s}`)
      .join(', ')}${endToEnd.missing ? `, ${endToEnd.missing} missing` : ''}`,
  },
  ...scaleRows(atScale, ceiling),
  ...clio.map((f): Row => ({
    section: `Clio per event, ${f.index === 'none' ? 'no index' : 'indexes warm'}`,
    figure: `${f.kind}, ${callerLabel(f)}`,
    value: `${count(f.reads, 'read')}, ${count(f.writes, 'write')}, ratio ${f.ratio.toFixed(2)}`,
    beside: `minimum 0 reads, ${count(f.minimumWrites, 'write')}${f.caller === 'unknown' ? (f.kind === 'fax' ? ' (no contact for a fax: no PDF)' : ' (incl. the new contact)') : ''}${f.matterId === undefined ? '' : `; matter ${f.matterId}`}${f.outcome === 'logged' ? '' : `; outcome ${f.outcome}`}`,
  })),
  {
    section: 'Clio budget',
    figure: `sustained throughput, ${budget.events} calls, ${budget.limit} requests per ${budget.windowMs / 1000} s`,
    value: `${round(budget.utilisation * 100)} % of the budget`,
    beside: `${budget.servedRequests} requests in ${budget.windows} windows, ${budget.refused429} refused (429), ${budget.lost} lost, ${budget.loggedTwice} logged twice, ${round(budget.seconds)} s`,
  },
  ...lambdaRows(lambdas),
];

const results = {
  machine: machine(),
  date: new Date().toISOString(),
  runSeconds: seconds,
  settings: { ...SETTINGS, logLevel: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO', metricsDisabled: process.env.POWERTOOLS_METRICS_DISABLED === 'true' },
  ingest,
  endToEnd,
  endToEndAtScale: { ...atScale, ceiling },
  clioRequestsPerEvent: clio,
  clioBudget: budget,
  lambdas,
};
const rounded = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isInteger(value) ? round(value, 3) : value);
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, rounded, 2)}\n`);

const m = results.machine;
console.log(`Call Connector benchmarks: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${results.date}; ${seconds} s`);
console.log(formatTable(rows));
// The stacks are stopped; anything left (an idle keep-alive socket) must not keep the process alive.
process.exit(0);
