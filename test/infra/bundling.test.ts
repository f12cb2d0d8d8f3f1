import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { configFor } from '../../infra/config/index.js';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/connector-function.construct.js';
import { PROJECT_ROOT } from '../../infra/entries.js';
import { CallConnectorStack } from '../../infra/stacks/call-connector.stack.js';
import { CORE_ENTRIES } from './support/synth.js';

// Prepare: one real synth with esbuild, as `cdk synth` does it (the other tests skip bundling).
const app = new App();
new CallConnectorStack(app, 'Bundled', { config: configFor('dev'), projectRoot: PROJECT_ROOT, entries: CORE_ENTRIES });
const outdir = app.synth().directory;
const bundles = readdirSync(outdir)
  .filter((name) => name.startsWith('asset.'))
  .map((name) => join(outdir, name));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('function bundles', () => {
  test('each handler is bundled once, offline, with the local esbuild', () => {
    // Act
    const count = bundles.length;

    // Assess
    expect(count).toBe(2);
  });

  test('every bundle is an ES module exporting handler, with a require for CommonJS dependencies', () => {
    // Act
    const codes = bundles.map((bundle) => readFileSync(join(bundle, 'index.mjs'), 'utf8'));

    // Assess
    for (const code of codes) {
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    }
  });

  test('every bundle ships a source map without the sources', () => {
    // Act
    const maps = bundles.map((bundle) => {
      const path = join(bundle, 'index.mjs.map');
      return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { sources: string[]; sourcesContent?: unknown }) : undefined;
    });

    // Assess
    for (const map of maps) {
      expect(map?.sources.length).toBeGreaterThan(0);
      expect(map?.sourcesContent).toBeUndefined();
    }
  });
});
