// Builds the admin console (console/src) into console/dist with esbuild, unless a build of the same sources is there.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = dirname(fileURLToPath(import.meta.url));
const SRC = join(ROOT, 'src');
export const CONSOLE_DIST = join(ROOT, 'dist');
/** The provider setup documents the console shows are part of its build. */
const DOCS = join(ROOT, '..', 'docs', 'providers');

const files = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));

/** The hash of everything the build reads: a build of the same sources is reused. */
const sourceHash = (): string => {
  const hash = createHash('sha256');
  for (const file of [...files(SRC), ...files(DOCS), join(ROOT, 'build.ts')]) hash.update(file.slice(ROOT.length)).update(readFileSync(file));
  return hash.digest('hex');
};

/** @returns the folder the console is served from */
export const buildConsole = async (): Promise<string> => {
  const hash = sourceHash();
  const stamp = join(CONSOLE_DIST, '.source-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return CONSOLE_DIST;
  mkdirSync(CONSOLE_DIST, { recursive: true });
  await build({
    entryPoints: [join(SRC, 'main.tsx')],
    outfile: join(CONSOLE_DIST, 'app.js'),
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.md': 'text' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const name of ['index.html', 'app.css']) copyFileSync(join(SRC, name), join(CONSOLE_DIST, name));
  writeFileSync(stamp, hash);
  return CONSOLE_DIST;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`Console built in ${await buildConsole()}`);
