import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SIGNERS } from '../../../local/signers/index.js';
import { WEBHOOK_PROVIDERS } from '../../../shared/adapters/providers/index.js';
import { PROVIDERS } from '../../../shared/domain/canonical-event.js';

// What docs/providers/adding-a-provider.md asks of a provider, checked against the folders on disk: a folder the
// compiler cannot see (one nobody added to PROVIDERS) is caught here, and so is a guide or a fixture left out.
const root = new URL('../../../', import.meta.url);
const text = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const dirsIn = (path: string): string[] =>
  readdirSync(new URL(path, root), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
const filesIn = (path: string): string[] => readdirSync(new URL(path, root));

const FOLDERS = dirsIn('shared/adapters/providers/');
// Our own route: its scheme is ours, documented with the other routes, with no provider's payloads to keep.
const OWN_ROUTE = 'generic';
const PHONE_SYSTEMS = PROVIDERS.filter((p) => p !== OWN_ROUTE);

describe('adding a provider: the checklist', () => {
  it('every adapter folder is a provider name, and every provider name has its folder', () => {
    expect(new Set(FOLDERS)).toEqual(new Set(PROVIDERS));
  });

  it.each(FOLDERS)('%s: registered under its own name, with its adapter in <name>.provider.ts', (folder) => {
    expect(filesIn(`shared/adapters/providers/${folder}/`)).toContain(`${folder}.provider.ts`);
    expect(WEBHOOK_PROVIDERS[folder as keyof typeof WEBHOOK_PROVIDERS]?.name).toBe(folder);
  });

  it.each(FOLDERS)('%s: has a signer, in local/signers/<name>.signer.ts', (folder) => {
    expect(Object.keys(SIGNERS)).toContain(folder);
    expect(existsSync(new URL(`local/signers/${folder}.signer.ts`, root))).toBe(true);
  });

  it.each(PHONE_SYSTEMS)('%s: has a setup guide, linked from docs/providers/README.md', (provider) => {
    expect(existsSync(new URL(`docs/providers/${provider}.md`, root))).toBe(true);
    expect(text('docs/providers/README.md')).toContain(`(${provider}.md)`);
  });

  it('the generic route is documented with the other routes', () => {
    expect(text('docs/api.md')).toMatch(/^## The generic signed route$/m);
  });

  it.each(PHONE_SYSTEMS)('%s: has documented payloads, and real calls told in every arrival order by a call-flows test', (provider) => {
    // Prepare
    const flows = filesIn(`test/fixtures/providers/${provider}/`)
      .filter((f) => /^flow-.*\.json$/.test(f))
      .map((f) => f.replace(/\.json$/, ''));
    const callFlowTests = filesIn('test/integration/')
      .filter((f) => /^call-flows(\.[a-z]+)?\.test\.ts$/.test(f))
      .map((f) => text(`test/integration/${f}`))
      .join('\n');
    // Assess
    expect(flows.length).toBeGreaterThan(0);
    for (const flow of flows) expect(callFlowTests).toContain(`'${flow}'`);
  });
});
