import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../infra/entries.js';
import { MetricName } from '../../shared/observability/metric-names.js';
import { alarmMetricNames, dashboardMetricNames } from './support/metrics.js';
import { synth } from './support/synth.js';

// Prepare
const synthesised = synth();
const declared = new Set<string>(Object.values(MetricName));
const used = new Set([...dashboardMetricNames(synthesised), ...alarmMetricNames(synthesised)]);

/** Every `.ts` file under a directory, recursively. */
const typescriptFiles = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

/** The emitting code: shared/ and lambdas/, minus the file that declares the names. */
const sources = ['shared', 'lambdas']
  .flatMap((directory) => typescriptFiles(join(PROJECT_ROOT, directory)))
  .filter((path) => relative(PROJECT_ROOT, path) !== join('shared', 'observability', 'metric-names.ts'))
  .map((path) => readFileSync(path, 'utf8'));

describe('metric names', () => {
  test('the dashboard and the alarms read custom metrics at all (the extraction below is not vacuous)', () => {
    // Act
    const count = used.size;

    // Assess
    expect(count).toBeGreaterThan(0);
  });

  test('every custom metric the dashboard and alarms use is declared in MetricName', () => {
    // Act
    const undeclared = [...used].filter((name) => !declared.has(name));

    // Assess
    expect(undeclared).toEqual([]);
  });

  test('every custom metric the dashboard and alarms use is emitted somewhere in the code', () => {
    // Act
    const neverEmitted = [...used].filter((name) => !sources.some((source) => source.includes(`MetricName.${name}`)));

    // Assess
    expect(neverEmitted).toEqual([]);
  });

  test('the dashboard graphs every metric the code declares', () => {
    // Act
    const graphed = dashboardMetricNames(synthesised);

    // Assess
    expect([...declared].filter((name) => !graphed.has(name))).toEqual([]);
  });
});
