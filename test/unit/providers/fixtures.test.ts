import { readdirSync, readFileSync } from 'node:fs';
import { PROVIDERS } from '../../../shared/domain/canonical-event.js';

const root = new URL('../../fixtures/providers/', import.meta.url);
const fixtures = readdirSync(root).flatMap((provider) =>
  readdirSync(new URL(`${provider}/`, root))
    .filter((name) => name.endsWith('.json'))
    .map((name) => `${provider}/${name}`),
);

describe('provider fixtures', () => {
  it('are there for every provider we take callbacks from', () => {
    expect(new Set(fixtures.map((f) => f.split('/')[0]))).toEqual(new Set(PROVIDERS.filter((p) => p !== 'generic')));
  });

  it.each(fixtures)("%s names the provider's doc page it follows", (fixture) => {
    // Act
    const { source } = JSON.parse(readFileSync(new URL(fixture, root), 'utf8')) as { source?: unknown };
    // Assess
    const pages = (Array.isArray(source) ? source : [source]).filter((s): s is string => typeof s === 'string');
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((page) => /https:\/\/\S+/.test(page))).toBe(true);
  });
});
