// Per function: the bundle the CDK stack deploys (esbuild, the stack's own options) and the time Node takes to import
// it cold, in a fresh process, with the environment the handler reads set to dummies; beside a bare handler bundled
// and imported the same way, and beside the same function with one bundling choice reverted at a time, so each
// choice's share of the bytes and of the cold import is measured in the same run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type Plugin } from 'esbuild';
import { FUNCTION_BUNDLING } from '../infra/constructs/connector-function.construct.js';
import { BUNDLE_BUDGET_KIB, ENTRY_FILES, PROJECT_ROOT } from '../infra/entries.js';
import { DEFAULT_CALL_SETTLE_SECONDS, DEFAULT_OUTCOME_RETENTION_DAYS, EnvName } from '../shared/config/env.js';
import { grouped, median, round, type Row } from './stats.js';

/** The functions measured; the bare handler is measured once, beside all of them. */
export type LambdaName = 'bare' | 'ingest' | 'processor' | 'admin';

/** A bundling choice, reverted on its own against what is deployed (or all at once, for `before`). */
export type Variant =
  /** What the stack deploys (`FUNCTION_BUNDLING`, the sources as they are). */
  | 'deployed'
  /** The AWS SDK the other way: in the bundle if the runtime's is deployed, left to the runtime if it is bundled. */
  | 'sdk-other'
  /** zod through its `z` re-export (`import { z } from 'zod'`), which keeps every locale and the JSON Schema code. */
  | 'zod-reexport'
  /** The ingest built on every function's adapters (Clio, media, Powertools idempotency) instead of its own. */
  | 'shared-wiring'
  /**
   * The ingest with Twilio's adapter alone in it: the most per-provider lazy imports could save on a Twilio callback.
   * The CDK hands esbuild one output file, without code splitting, so a lazy `import()` stays in the bundle and
   * defers only the provider's evaluation; this takes the other providers out altogether: an upper bound.
   */
  | 'one-provider'
  /** No source map, and Node not reading one (`--enable-source-maps` off). */
  | 'no-source-map'
  /** All of the above that were changed, reverted: the bundles as they were deployed before. */
  | 'before'
  /**
   * A bare handler importing exactly the AWS SDK packages the deployed bundle imports, and nothing else: the floor
   * under the function's cold import while it talks to DynamoDB, SQS and Secrets Manager through the SDK.
   */
  | 'sdk-alone';

export interface LambdaFigure {
  readonly name: LambdaName;
  readonly variant: Variant;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  /** Median of the cold imports, each in a new `node` process: wall-clock time of the import alone. */
  readonly coldImportMs: number;
  readonly coldImportRunsMs: readonly number[];
  /** Median CPU time (user + system, every thread) of the same imports: steadier than wall time on a busy machine. */
  readonly coldImportCpuMs: number;
  /** Median wall time over the bare handler's, in the same run. */
  readonly ratioToBare: number;
  /** The targets of this function's deployed bundle (`TARGETS`), when it has some. */
  readonly target?: Target;
}

interface Target {
  readonly bundleKiB: number;
  readonly coldImportMs: number;
}

/** The cold import the ingest and processor bundles are meant to stay within, on the development machine. */
const COLD_IMPORT_TARGET_MS = 60;

/** What the ingest and processor bundles are meant to stay within. */
const TARGETS: Readonly<Partial<Record<LambdaName, Target>>> = {
  ingest: { bundleKiB: BUNDLE_BUDGET_KIB.ingest, coldImportMs: COLD_IMPORT_TARGET_MS },
  processor: { bundleKiB: BUNDLE_BUDGET_KIB.processor, coldImportMs: COLD_IMPORT_TARGET_MS },
};

/** Variables the stack sets only when an environment overrides a default: the import reads the default. */
const OPTIONAL_VARIABLES: ReadonlySet<string> = new Set(['ClioBaseUrl', 'TenantFairShare']);

/** What Lambda and the CDK stack set; values are dummies, as nothing is called while importing. */
const lambdaEnvironment = (sourceMaps: boolean): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  ...Object.fromEntries(
    Object.entries(EnvName)
      .filter(([key]) => !OPTIONAL_VARIABLES.has(key))
      .map(([, name]) => [name, name.endsWith('_URL') ? 'https://example.invalid/dummy' : `bench-${name.toLowerCase()}`]),
  ),
  [EnvName.CallSettleSeconds]: String(DEFAULT_CALL_SETTLE_SECONDS),
  [EnvName.OutcomeRetentionDays]: String(DEFAULT_OUTCOME_RETENTION_DAYS),
  [EnvName.MaxAttempts]: '5',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'Bench',
  ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
});

// The import alone is timed, inside the new process: Node's own start-up is not the function's.
const IMPORT_TIMER = [
  'const cpu = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]);',
  'const wall = performance.now() - t; const used = process.cpuUsage(cpu);',
  'process.stdout.write(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));',
].join(' ');

const coldImport = (file: string, sourceMaps: boolean): { wall: number; cpu: number } => {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(file).href], {
    env: lambdaEnvironment(sourceMaps),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`Importing ${file} failed: ${result.stderr || result.stdout}`);
  return JSON.parse(result.stdout) as { wall: number; cpu: number };
};

// The sources as they were: each plugin puts back what a bundling choice changed, so it is measured, not remembered;
// a plugin that finds nothing to put back fails the run.
const ZOD_NAMESPACE_IMPORT = /^import (type )?\* as z from 'zod';$/gm;
const ZOD_REEXPORT: Plugin = {
  name: 'zod-reexport',
  setup(b) {
    let rewritten = 0;
    b.onLoad({ filter: /[\\/](shared|lambdas)[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(ZOD_NAMESPACE_IMPORT, "import $1{ z } from 'zod';");
      if (contents === source) return undefined;
      rewritten += 1;
      return { contents, loader: 'ts' };
    });
    b.onEnd(() => {
      if (rewritten === 0) throw new Error('No source imports zod as a namespace any more');
    });
  },
};
const SHARED_WIRING: Plugin = {
  name: 'shared-wiring',
  setup(b) {
    b.onLoad({ filter: /[\\/]lambdas[\\/]ingest[\\/]handler\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('createIngestDependencies')) throw new Error(`${args.path} no longer builds its own adapters`);
      return { contents: source.replaceAll('createIngestDependencies', 'createDependencies').replace('/core-wiring.js', '/wiring.js'), loader: 'ts' };
    });
  },
};
const ONE_PROVIDER: Plugin = {
  name: 'one-provider',
  setup(b) {
    let replaced = false;
    b.onLoad({ filter: /[\\/]shared[\\/]adapters[\\/]providers[\\/]index\.ts$/ }, () => {
      replaced = true;
      return {
        contents: "import { twilioProvider } from './twilio/twilio.provider.js'; export const WEBHOOK_PROVIDERS = { twilio: twilioProvider };",
        loader: 'ts',
      };
    });
    b.onEnd(() => {
      if (!replaced) throw new Error('The provider registry is no longer shared/adapters/providers/index.ts');
    });
  },
};

interface Build {
  readonly name: LambdaName;
  readonly variant: Variant;
  /** Whether the AWS SDK is in the bundle or imported from node_modules, standing in for the runtime's copy. */
  readonly sdk: 'bundled' | 'runtime';
  readonly sourceMaps: boolean;
  readonly plugins: readonly Plugin[];
  /** For `sdk-alone`: the AWS SDK packages to import. */
  readonly sdkImports?: readonly string[];
}

const DEPLOYED_SDK: Build['sdk'] = FUNCTION_BUNDLING.bundleAwsSDK ? 'bundled' : 'runtime';

/**
 * What a bundle leaves out: the stack's own externals as deployed; the other way round, what the CDK leaves out with
 * `bundleAwsSDK` off (the Node.js runtimes ship AWS SDK v3), or nothing.
 */
const externalOf = (sdk: Build['sdk']): string[] => {
  if (sdk === DEPLOYED_SDK) return FUNCTION_BUNDLING.externalModules;
  return sdk === 'runtime' ? ['@aws-sdk/*'] : [];
};

const BARE_HANDLER = 'export const handler = async () => ({ statusCode: 200, body: "" });';

/** The AWS SDK packages a bundle imports (left to the runtime, they stay import statements in it). */
const sdkImportsOf = (file: string): string[] =>
  [...new Set([...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*"(@aws-sdk\/[\w.-]+)"/g)].map((match) => match[1] ?? ''))].sort();

/** Every bundle measured: each choice is reverted where it changes something (the ingest's wiring is the ingest's). */
const builds = (): Build[] => {
  const deployed = { sdk: DEPLOYED_SDK, sourceMaps: FUNCTION_BUNDLING.sourceMap, plugins: [] } as const;
  const of = (name: LambdaName, variant: Variant, changes: Partial<Omit<Build, 'name' | 'variant'>> = {}): Build => ({
    name,
    variant,
    ...deployed,
    ...changes,
  });
  const options = (name: 'ingest' | 'processor'): Build[] => [
    of(name, 'deployed'),
    of(name, 'sdk-other', { sdk: DEPLOYED_SDK === 'bundled' ? 'runtime' : 'bundled' }),
    of(name, 'zod-reexport', { plugins: [ZOD_REEXPORT] }),
    ...(name === 'ingest' ? [of(name, 'shared-wiring', { plugins: [SHARED_WIRING] }), of(name, 'one-provider', { plugins: [ONE_PROVIDER] })] : []),
    of(name, 'no-source-map', { sourceMaps: false }),
    of(name, 'before', { sdk: 'bundled', plugins: name === 'ingest' ? [ZOD_REEXPORT, SHARED_WIRING] : [ZOD_REEXPORT] }),
  ];
  return [of('bare', 'deployed'), ...options('ingest'), ...options('processor'), of('admin', 'deployed')];
};

const bundle = async (spec: Build, outfile: string): Promise<void> => {
  await build({
    ...(spec.name === 'bare' || spec.variant === 'sdk-alone'
      ? {
          stdin: {
            contents: `${(spec.sdkImports ?? []).map((name) => `import '${name}';`).join('\n')}\n${BARE_HANDLER}`,
            loader: 'ts',
            resolveDir: PROJECT_ROOT,
          },
        }
      : { entryPoints: [join(PROJECT_ROOT, ENTRY_FILES[spec.name])] }),
    outfile,
    bundle: true,
    minify: FUNCTION_BUNDLING.minify,
    platform: 'node',
    format: FUNCTION_BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: FUNCTION_BUNDLING.target,
    mainFields: FUNCTION_BUNDLING.mainFields,
    banner: { js: FUNCTION_BUNDLING.banner },
    sourcemap: spec.sourceMaps,
    sourcesContent: FUNCTION_BUNDLING.sourcesContent,
    external: externalOf(spec.sdk),
    plugins: [...spec.plugins],
    logLevel: 'error',
  });
};

/**
 * Bundles each function as `ConnectorFunction` does (`FUNCTION_BUNDLING`), and as it would be with each choice
 * reverted, then imports every bundle `runs` times, round by round (one import of each bundle per round), so a
 * busy machine slows every bundle alike. The AWS SDK left out of a bundle is imported from this checkout's
 * node_modules, standing in for the runtime's copy.
 */
export const measureLambdas = async ({ runs = 7 } = {}): Promise<LambdaFigure[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'call-connector-bench-'));
  try {
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const bundles: { readonly spec: Build; readonly file: string; readonly wall: number[]; readonly cpu: number[] }[] = [];
    const add = async (spec: Build): Promise<void> => {
      mkdirSync(join(dir, `${spec.name}-${spec.variant}`));
      const file = join(dir, `${spec.name}-${spec.variant}`, 'index.mjs');
      await bundle(spec, file);
      bundles.push({ spec, file, wall: [], cpu: [] });
    };
    for (const spec of builds()) await add(spec);
    if (DEPLOYED_SDK === 'runtime') {
      for (const deployed of bundles.filter((b) => b.spec.variant === 'deployed' && b.spec.name !== 'bare' && b.spec.name !== 'admin')) {
        await add({ ...deployed.spec, variant: 'sdk-alone', plugins: [], sdkImports: sdkImportsOf(deployed.file) });
      }
    }
    for (let round = 0; round < runs; round += 1) {
      for (const measured of bundles) {
        const { wall, cpu } = coldImport(measured.file, measured.spec.sourceMaps);
        measured.wall.push(wall);
        measured.cpu.push(cpu);
      }
    }
    const bare = median(bundles.find((b) => b.spec.name === 'bare')?.wall ?? []);
    return bundles.map(({ spec, file, wall, cpu }): LambdaFigure => {
      const target = spec.variant === 'deployed' ? TARGETS[spec.name] : undefined;
      return {
        name: spec.name,
        variant: spec.variant,
        bundleBytes: statSync(file).size,
        sourceMapBytes: spec.sourceMaps ? statSync(`${file}.map`).size : 0,
        coldImportMs: median(wall),
        coldImportRunsMs: wall,
        coldImportCpuMs: median(cpu),
        ratioToBare: median(wall) / bare,
        ...(target === undefined ? {} : { target }),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const VARIANT_LABEL: Record<Variant, string> = {
  deployed: DEPLOYED_SDK === 'bundled' ? 'deployed (AWS SDK bundled)' : 'deployed (AWS SDK from the runtime)',
  'sdk-other': DEPLOYED_SDK === 'bundled' ? 'AWS SDK from the runtime (node_modules)' : 'AWS SDK bundled',
  'zod-reexport': 'zod as `import { z }` (every locale)',
  'shared-wiring': "every function's adapters (Powertools idempotency, Clio)",
  'one-provider': "Twilio's adapter alone (bound of lazy imports)",
  'no-source-map': 'no source map, none read',
  before: 'as before (all of these reverted)',
  'sdk-alone': 'the AWS SDK packages it imports, alone in a bare handler',
};

const ms = (value: number) => `${round(value, value < 10 ? 2 : 1)} ms`;
const kib = (bytes: number) => `${grouped(bytes / 1024, bytes < 10_240 ? 1 : 0)} KiB`;
const signed = (value: number, unit: (magnitude: number) => string) => `${value < 0 ? '−' : '+'}${unit(Math.abs(value))}`;

/** The table's rows: the bare handler, each function as deployed against its targets, and each choice beside it. */
export const lambdaRows = (figures: readonly LambdaFigure[]): Row[] =>
  figures.map((f): Row => {
    const cold = `${kib(f.bundleBytes)}, cold import ${ms(f.coldImportMs)} (×${round(f.ratioToBare)} bare)`;
    const runs = `median of ${f.coldImportRunsMs.length} (${f.coldImportRunsMs.map((r) => round(r, 0)).join(', ')} ms), CPU ${ms(f.coldImportCpuMs)}`;
    if (f.name === 'bare')
      return {
        section: 'Lambda bundle',
        figure: 'bare handler, bundled and imported the same way',
        value: `${kib(f.bundleBytes)}, cold import ${ms(f.coldImportMs)}`,
        beside: runs,
      };
    if (f.variant === 'deployed') {
      const before = figures.find((g) => g.name === f.name && g.variant === 'before');
      const sdk = figures.find((g) => g.name === f.name && g.variant === 'sdk-alone');
      const coldMet = f.target !== undefined && f.coldImportMs <= f.target.coldImportMs;
      const targets = [
        ...(f.target === undefined
          ? []
          : [
              `target ≤ ${f.target.bundleKiB} KiB ${f.bundleBytes <= f.target.bundleKiB * 1024 ? 'met' : 'not met'}`,
              `≤ ${f.target.coldImportMs} ms ${coldMet ? 'met' : `not met${sdk ? ` (the AWS SDK alone: ${ms(sdk.coldImportMs)}; our code: ${ms(f.coldImportMs - sdk.coldImportMs)})` : ''}`}`,
            ]),
        ...(before ? [`×${round(f.coldImportMs / before.coldImportMs, 2)} of before (CPU ×${round(f.coldImportCpuMs / before.coldImportCpuMs, 2)})`] : []),
      ];
      return {
        section: 'Lambda bundle',
        figure: `${f.name}, ${VARIANT_LABEL[f.variant]}`,
        value: cold,
        beside: `${targets.length ? `${targets.join(', ')}; ` : ''}${runs}; map ${kib(f.sourceMapBytes)}`,
      };
    }
    const deployed = figures.find((g) => g.name === f.name && g.variant === 'deployed');
    if (f.variant === 'sdk-alone') {
      const share = deployed ? `${round((100 * f.coldImportMs) / deployed.coldImportMs, 0)} % of the deployed function's cold import; ` : '';
      return { section: 'Lambda bundle', figure: `${f.name}, ${VARIANT_LABEL[f.variant]}`, value: cold, beside: `${share}${runs}` };
    }
    const delta = deployed
      ? `${signed(f.bundleBytes - deployed.bundleBytes, kib)}, ${signed(f.coldImportMs - deployed.coldImportMs, ms)} cold (CPU ${signed(f.coldImportCpuMs - deployed.coldImportCpuMs, ms)}) against deployed`
      : '';
    return { section: 'Lambda bundle', figure: `${f.name}, ${VARIANT_LABEL[f.variant]}`, value: cold, beside: delta };
  });
