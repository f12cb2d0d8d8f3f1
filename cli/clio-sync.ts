// `npm run clio-sync -- --tenant <id> [--url <api>] [--key <admin key>]`: build a tenant's phone index and
// follow its progress. Each POST reads pages for up to 20 s and answers the progress; we ask again until done.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'demo' },
    url: { type: 'string', default: process.env.CALL_CONNECTOR_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    key: { type: 'string', default: process.env.CALL_CONNECTOR_KEY ?? process.env.DEMO_ADMIN_KEY ?? 'demo-admin-key' },
  },
});

interface Progress {
  status: 'running' | 'complete' | 'failed';
  processed: number;
  /** The sync's own error (status `failed`). */
  error?: string;
}

interface Refusal {
  error: { code: string; message: string };
}

const WIDTH = 30;
const bar = (processed: number, done: boolean): string => {
  // Clio does not say how many contacts there are: the bar fills as pages arrive and completes at the end.
  const filled = done ? WIDTH : Math.min(WIDTH - 1, Math.floor(Math.log2(processed + 1) * 2));
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${processed} contacts`;
};

const endpoint = `${values.url.replace(/\/+$/, '')}/v1/tenants/${encodeURIComponent(values.tenant)}/clio/sync`;
const started = Date.now();
let progress: Progress;
do {
  const response = await fetch(endpoint, { method: 'POST', headers: { authorization: `Bearer ${values.key}` } });
  const body = (await response.json());
  if (!response.ok) {
    const { error } = body as Refusal;
    console.error(`\nSync refused (${response.status}) — ${error.code}: ${error.message}`);
    process.exit(1);
  }
  progress = body as Progress;
  process.stdout.write(`\r${bar(progress.processed, progress.status !== 'running')} ${progress.status}   `);
} while (progress.status === 'running');

process.stdout.write('\n');
if (progress.status === 'failed') {
  console.error(`Sync failed: ${progress.error ?? 'unknown error'}`);
  process.exit(1);
}
console.log(`Phone index complete in ${((Date.now() - started) / 1000).toFixed(1)} s: calls from these numbers now match without a Clio search.`);
