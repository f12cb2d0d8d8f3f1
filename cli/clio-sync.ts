// `npm run clio-sync -- --tenant <id> [--url <api>] [--key <admin key>]`: build a tenant's phone and matter indexes
// and follow their progress. Each POST reads pages for up to 20 s and answers the progress; we ask again until done.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'demo' },
    url: { type: 'string', default: process.env.CALL_CONNECTOR_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    key: { type: 'string', default: process.env.CALL_CONNECTOR_KEY ?? process.env.DEMO_ADMIN_KEY ?? 'demo-admin-key' },
  },
});

interface SyncProgress {
  status: 'running' | 'complete' | 'failed';
  processed: number;
  /** The sync's own error (status `failed`). */
  error?: string;
}

/** The phone index's progress, and the matter index's under `matters`. */
interface Progress extends SyncProgress {
  matters?: SyncProgress;
}

interface Refusal {
  error: { code: string; message: string };
}

const WIDTH = 30;
const bar = (processed: number, done: boolean, what: string): string => {
  // Clio does not say how many records there are: the bar fills as pages arrive and completes at the end.
  const filled = done ? WIDTH : Math.min(WIDTH - 1, Math.floor(Math.log2(processed + 1) * 2));
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${processed} ${what}`;
};
const running = (p: Progress) => p.status === 'running' || p.matters?.status === 'running';

const endpoint = `${values.url.replace(/\/+$/, '')}/v1/tenants/${encodeURIComponent(values.tenant)}/clio/sync`;
const started = Date.now();
let progress: Progress;
do {
  const response = await fetch(endpoint, { method: 'POST', headers: { authorization: `Bearer ${values.key}` } });
  const body = await response.json();
  if (!response.ok) {
    const { error } = body as Refusal;
    console.error(`\nSync refused (${response.status}) — ${error.code}: ${error.message}`);
    process.exit(1);
  }
  progress = body as Progress;
  const matters = progress.matters
    ? ` · ${bar(progress.matters.processed, progress.matters.status !== 'running', 'matters and relationships')} ${progress.matters.status}`
    : '';
  process.stdout.write(`\r${bar(progress.processed, progress.status !== 'running', 'contacts')} ${progress.status}${matters}   `);
} while (running(progress));

process.stdout.write('\n');
for (const [name, state] of [
  ['Phone index', progress],
  ['Matter index', progress.matters],
] as const) {
  if (state?.status === 'failed') {
    console.error(`${name} sync failed: ${state.error ?? 'unknown error'}`);
    process.exit(1);
  }
}
console.log(
  `Phone and matter indexes complete in ${((Date.now() - started) / 1000).toFixed(1)} s: calls from these numbers now match, and find their matter, without a Clio request.`,
);
