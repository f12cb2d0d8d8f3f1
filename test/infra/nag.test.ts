import { Validations, type App, type PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { CORE_ENTRIES, synth, type SynthOptions } from './support/synth.js';

/** AwsSolutions with acknowledgements ignored: what the rules find before anyone explains anything. */
class RawAwsSolutionsChecks extends AwsSolutionsChecks {}
Object.defineProperty(RawAwsSolutionsChecks.prototype, 'isAcknowledged', { value: () => false });

/** `rule @ construct path` for each violating resource. */
const findings = (violations: PolicyViolation[]): string[] =>
  violations.flatMap((violation) => violation.violatingResources.map((resource) => `${violation.ruleName} @ ${resource.constructPath ?? '?'}`));

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

/** Every `Validations.of(x).acknowledge(...)` in the tree. */
const acknowledgements = (app: App): Acknowledgement[] =>
  app.node.findAll().flatMap((node: IConstruct) =>
    node.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: node.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

const CASES: [string, SynthOptions][] = [
  ['dev, every function', { env: 'dev' }],
  ['staging, every function', { env: 'staging' }],
  ['prod, every function', { env: 'prod' }],
  ['prod, ingest and processor only', { env: 'prod', entries: CORE_ENTRIES }],
  [
    'prod with a custom domain',
    { env: 'prod', config: { customDomain: { domainName: 'calls.example.com', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' } } },
  ],
];

describe('cdk-nag AwsSolutions', () => {
  test.each(CASES)('%s: zero unacknowledged findings', (_name, options) => {
    // Prepare
    const { app } = synth(options);

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(findings(report.violations)).toEqual([]);
  });

  test('synthesis with the checks registered, as `cdk synth` runs them, succeeds', () => {
    // Prepare
    const { app } = synth({ env: 'prod' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const synthesise = () => app.synth({ force: true });

    // Assess
    expect(synthesise).not.toThrow();
  });

  test('every acknowledgement states a reason of at least one sentence', () => {
    // Prepare
    const { app } = synth({ env: 'prod' });

    // Act
    const thin = acknowledgements(app).filter((ack) => ack.reason.trim().length < 60);

    // Assess
    expect(acknowledgements(app).length).toBeGreaterThan(0);
    expect(thin).toEqual([]);
  });

  test('every acknowledgement answers a finding on its own construct or below (none is stale)', () => {
    // Prepare
    const { app } = synth({ env: 'prod' });
    const raw = findings(new RawAwsSolutionsChecks().validateScope(app).violations);

    // Act
    const stale = acknowledgements(app).filter((ack) => !raw.some((finding) => finding.startsWith(`${ack.id} @ ${ack.path}/`)));

    // Assess
    expect(stale).toEqual([]);
  });

  test('the acknowledged rules are exactly these (a new one needs a review)', () => {
    // Prepare
    const { app } = synth({ env: 'prod' });

    // Act
    const ids = new Set(acknowledgements(app).map((ack) => ack.id));

    // Assess
    const secrets = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:call-connector/prod/tenants';
    expect(ids).toEqual(
      new Set([
        'AwsSolutions-IAM5[Resource::*]',
        `AwsSolutions-IAM5[Resource::${secrets}/*/providers/*-??????]`,
        `AwsSolutions-IAM5[Resource::${secrets}/*/clio-??????]`,
        // Connections to a phone system's own API (RingCentral's JWT flow), created at run time like the others.
        `AwsSolutions-IAM5[Resource::${secrets}/*/*-connection-??????]`,
        'AwsSolutions-APIG4',
        'AwsSolutions-SMG4',
      ]),
    );
  });
});
