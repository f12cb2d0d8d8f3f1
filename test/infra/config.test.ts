import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { configFor } from '../../infra/config/index.js';
import { ENVIRONMENT_NAMES } from '../../infra/config/types.js';
import { ENTRY_FILES, presentEntries } from '../../infra/entries.js';
import { maxAttemptsOf } from '../../shared/config/core-wiring.js';
import { RECEIVES_PER_ATTEMPT } from '../../shared/config/env.js';

const configs = ENVIRONMENT_NAMES.map((name) => [name, configFor(name)] as const);

describe('environment config', () => {
  test('an unknown environment name is refused with the list of known ones', () => {
    // Act
    const load = () => configFor('production');

    // Assess
    expect(load).toThrow('Unknown environment "production"; use one of: dev, staging, prod');
  });

  test.each(configs)('%s keeps its secrets and its stack apart from the other environments', (name, config) => {
    // Act
    const { secretsPrefix, stackName, envName } = config;

    // Assess
    expect(envName).toBe(name);
    expect(secretsPrefix).toBe(`call-connector/${name}`);
    expect(stackName).toBe(`CallConnector-${name}`);
  });

  test.each(configs)('%s processor settings are within what Lambda and SQS accept', (_name, { processor }) => {
    // Act
    const visibility = processor.timeout.toSeconds() * 6;

    // Assess
    expect(processor.timeout.toSeconds()).toBeLessThanOrEqual(900);
    expect(visibility).toBeLessThanOrEqual(12 * 60 * 60);
    expect(processor.maxConcurrency).toBeGreaterThanOrEqual(2);
    expect(processor.maxConcurrency).toBeLessThanOrEqual(1000);
    expect(processor.maxReceiveCount).toBeGreaterThanOrEqual(3);
    // Attempts, which the processor reads as MAX_ATTEMPTS (1–100); the queues' backstop redrive stays under SQS's 1000.
    expect(() => maxAttemptsOf(String(processor.maxReceiveCount))).not.toThrow();
    expect(processor.maxReceiveCount * RECEIVES_PER_ATTEMPT).toBeLessThanOrEqual(1000);
  });

  test.each(configs.filter(([name]) => name !== 'dev'))('%s retains data and sends alarms somewhere', (_name, config) => {
    // Act
    const { removalPolicy, alarmEmail } = config;

    // Assess
    expect(removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(alarmEmail).toMatch(/@/);
  });

  test('prod tables are deletion-protected', () => {
    // Act
    const { deletionProtection } = configFor('prod');

    // Assess
    expect(deletionProtection).toBe(true);
  });
});

describe('handler entries', () => {
  const makeCheckout = (files: string[]): string => {
    const root = mkdtempSync(join(tmpdir(), 'entries-'));
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), 'export const handler = () => undefined;\n');
    }
    return root;
  };

  test('optional handlers are deployed once their file exists, not before', () => {
    // Prepare
    const root = makeCheckout([ENTRY_FILES.ingest, ENTRY_FILES.processor, ENTRY_FILES.admin]);

    // Act
    const entries = presentEntries(root);
    rmSync(root, { recursive: true, force: true });

    // Assess
    expect(entries).toEqual({
      ingest: join(root, ENTRY_FILES.ingest),
      processor: join(root, ENTRY_FILES.processor),
      admin: join(root, ENTRY_FILES.admin),
    });
  });

  test('a missing ingest or processor handler is an error, not a smaller stack', () => {
    // Prepare
    const root = makeCheckout([ENTRY_FILES.ingest]);

    // Act
    const load = () => presentEntries(root);

    // Assess
    expect(load).toThrow(`Handler entry ${ENTRY_FILES.processor} is missing`);
    rmSync(root, { recursive: true, force: true });
  });
});
