// Per function: the bundle the CDK stack deploys (esbuild, the stack's options) and the time Node takes to import
// it cold, in a fresh process, with the environment the handler reads set to dummies.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from '../infra/constructs/connector-function.construct.js';
import { PROJECT_ROOT } from '../infra/entries.js';
import { DEFAULT_CALL_SETTLE_SECONDS, DEFAULT_OUTCOME_RETENTION_DAYS, EnvName } from '../shared/config/env.js';
import { median } from './stats.js';

export const FUNCTIONS = { ingest: 'lambdas/ingest/handler.ts', processor: 'lambdas/processor/handler.ts', admin: 'lambdas/admin/handler.ts' } as const;

export interface LambdaFigure {
  readonly name: keyof typeof FUNCTIONS;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  /** Median of `runs` cold imports, each in a new `node` process. */
  readonly coldImportMs: number;
  readonly coldImportRunsMs: readonly number[];
}

/** What Lambda and the CDK stack set; values are dummies, as nothing is called while importing. */
const lambdaEnvironment = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  ...Object.fromEntries(Object.entries(EnvName).filter(([key]) => key !== 'ClioBaseUrl').map(([, name]) => [name, name.endsWith('_URL') ? 'https://example.invalid/dummy' : `bench-${name.toLowerCase()}`])),
  [EnvName.CallSettleSeconds]: String(DEFAULT_CALL_SETTLE_SECONDS),
  [EnvName.OutcomeRetentionDays]: String(DEFAULT_OUTCOME_RETENTION_DAYS),
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'Bench',
  NODE_OPTIONS: '--enable-source-maps',
});

// The import alone is timed, inside the new process: Node's own start-up is not the function's.
const IMPORT_TIMER = 'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

const coldImport = (file: string): number => {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(file).href], { env: lambdaEnvironment(), encoding: 'utf8', timeout: 30_000 });
  const ms = Number(result.stdout);
  if (result.status !== 0 || !Number.isFinite(ms)) throw new Error(`Importing ${file} failed: ${result.stderr || result.stdout}`);
  return ms;
};

/** Bundles each function as `ConnectorFunction` does (ESM, node24, minified, source map, AWS SDK bundled), then imports it `runs` times. */
export const measureLambdas = async ({ runs = 5 } = {}): Promise<LambdaFigure[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'call-connector-bench-'));
  try {
    const figures: LambdaFigure[] = [];
    for (const [name, entry] of Object.entries(FUNCTIONS) as [keyof typeof FUNCTIONS, string][]) {
      const outfile = join(dir, name, 'index.mjs');
      await build({
        entryPoints: [join(PROJECT_ROOT, entry)],
        outfile,
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: { js: ESM_REQUIRE_BANNER },
        sourcemap: true,
        sourcesContent: false,
        external: [],
        logLevel: 'error',
      });
      const samples = Array.from({ length: runs }, () => coldImport(outfile));
      figures.push({ name, bundleBytes: statSync(outfile).size, sourceMapBytes: statSync(`${outfile}.map`).size, coldImportMs: median(samples), coldImportRunsMs: samples });
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
