import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { configFor } from '../../infra/config/index.js';
import { ESM_REQUIRE_BANNER, FUNCTION_BUNDLING } from '../../infra/constructs/connector-function.construct.js';
import { BUNDLE_BUDGET_KIB, PROJECT_ROOT } from '../../infra/entries.js';
import { CallConnectorStack } from '../../infra/stacks/call-connector.stack.js';
import { CORE_ENTRIES } from './support/synth.js';

/**
 * The AWS SDK packages the functions import from the runtime (Node.js 24 on Lambda ships AWS SDK v3): a new one
 * here is one to check the runtime has.
 */
const RUNTIME_SDK_PACKAGES = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-sqs',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
];

// Prepare: one real synth with esbuild, as `cdk synth` does it (the other tests skip bundling).
const app = new App();
const stack = new CallConnectorStack(app, 'Bundled', { config: configFor('dev'), projectRoot: PROJECT_ROOT, entries: CORE_ENTRIES });
const assembly = app.synth();
const template = assembly.getStackByName('Bundled').template as { Resources: Record<string, { Properties?: { Code?: { S3Key?: string } } }> };
afterAll(() => rmSync(assembly.directory, { recursive: true, force: true }));

/** The directory holding a function's bundle: the asset its Code points at. */
const bundleOf = (role: 'ingest' | 'processor'): string => {
  const fn = stack.functions[role];
  if (fn === undefined) throw new Error(`No ${role} function`);
  const key = template.Resources[Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement)]?.Properties?.Code?.S3Key;
  if (key === undefined) throw new Error(`The ${role} function has no asset`);
  return join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
};
const BUNDLES = { ingest: bundleOf('ingest'), processor: bundleOf('processor') };
const codeOf = (role: keyof typeof BUNDLES): string => readFileSync(join(BUNDLES[role], 'index.mjs'), 'utf8');
const sourcesOf = (role: keyof typeof BUNDLES): string[] =>
  (JSON.parse(readFileSync(join(BUNDLES[role], 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;

/** Every module a bundle loads at run time (its imports and `require`s), as esbuild's own parser finds them. */
const importsOf = async (role: keyof typeof BUNDLES): Promise<string[]> => {
  const { metafile } = await build({
    entryPoints: [join(BUNDLES[role], 'index.mjs')],
    bundle: true,
    write: false,
    metafile: true,
    external: ['*'],
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  return Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
};

describe('function bundles', () => {
  test('each handler is bundled once, offline, with the local esbuild', () => {
    // Act
    const present = Object.values(BUNDLES).filter((dir) => existsSync(join(dir, 'index.mjs')));

    // Assess
    expect(present).toHaveLength(2);
    expect(new Set(present).size).toBe(2);
  });

  test('every bundle is an ES module exporting handler, with a require for CommonJS dependencies', () => {
    // Act
    const codes = (['ingest', 'processor'] as const).map(codeOf);

    // Assess
    for (const code of codes) {
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    }
  });

  test('every bundle ships a source map without the sources', () => {
    // Act
    const maps = (['ingest', 'processor'] as const).map(
      (role) => JSON.parse(readFileSync(join(BUNDLES[role], 'index.mjs.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown },
    );

    // Assess
    for (const map of maps) {
      expect(map.sources.length).toBeGreaterThan(0);
      expect(map.sourcesContent).toBeUndefined();
    }
  });

  test('the AWS SDK is left to the runtime: the bundles import Node built-ins and the listed SDK packages, nothing else', async () => {
    // Act
    const loaded = (await Promise.all((['ingest', 'processor'] as const).map(importsOf))).flat();
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

    // Assess
    expect(FUNCTION_BUNDLING.bundleAwsSDK).toBe(false);
    expect(loaded).toContain('node:module');
    expect([...new Set(loaded.filter((name) => !builtins.has(name)))].sort()).toEqual(RUNTIME_SDK_PACKAGES);
    expect(sourcesOf('ingest').filter((source) => /node_modules\/@(aws-sdk|smithy)\//.test(source))).toEqual([]);
  });

  test("the ingest bundle holds the ingest's own adapters: no Powertools idempotency, no Clio client", () => {
    // Act
    const ingest = sourcesOf('ingest');
    const processor = sourcesOf('processor');

    // Assess
    expect(
      ingest.filter((source) => /@aws-lambda-powertools\/(idempotency|jmespath)\/|shared\/adapters\/clio\/|shared\/config\/wiring\.ts$/.test(source)),
    ).toEqual([]);
    expect(processor.some((source) => source.includes('@aws-lambda-powertools/idempotency/'))).toBe(true);
  });

  test('zod is bundled without its other locales and its JSON Schema reader', () => {
    // Act
    const zod = (['ingest', 'processor'] as const).flatMap(sourcesOf).filter((source) => source.includes('node_modules/zod/'));

    // Assess
    expect(zod.length).toBeGreaterThan(0);
    expect(zod.filter((source) => /\/locales\/(?!en\.js$)|from-json-schema/.test(source))).toEqual([]);
  });

  test.each(Object.entries(BUNDLE_BUDGET_KIB))('the %s bundle stays within %i KiB', (role, budget) => {
    // Act
    const kib = statSync(join(BUNDLES[role as keyof typeof BUNDLES], 'index.mjs')).size / 1024;

    // Assess
    expect(kib).toBeLessThanOrEqual(budget);
  });
});
