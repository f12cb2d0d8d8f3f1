import { ALL_ENTRIES, synth } from './support/synth.js';

/** Asset hashes change with every line of handler code; everything else in the template must not drift unseen. */
const normalise = (template: unknown): unknown => JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));

describe('template snapshot', () => {
  test('the prod template, every function wired, matches the reviewed snapshot', () => {
    // Prepare
    const { template } = synth({ env: 'prod', entries: ALL_ENTRIES });

    // Act
    const normalised = normalise(template.toJSON());

    // Assess
    expect(normalised).toMatchSnapshot();
  });
});
