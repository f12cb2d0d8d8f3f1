import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * ESM bundles have no `require`; some CommonJS dependencies still call it. The shim gives them one,
 * scoped to the bundle (the pattern the CDK and Powertools docs use for ESM output).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __connectorCreateRequire } from 'node:module'; const require = __connectorCreateRequire(import.meta.url);";

/**
 * How every function is bundled: one minified ES module with a source map (no sources in it), without the AWS SDK.
 * Node.js 24 on Lambda ships AWS SDK v3, and `@aws-sdk/*` is imported from there: the bundles are half the size
 * and their cold import was the shorter (README, "Benchmarks": `npm run bench` builds with these same options and
 * measures each choice against its alternative, the SDK from node_modules standing in for the runtime's). The
 * version is then the runtime's, not the one the tests ran against; the bundling test lists the SDK packages the
 * functions import from it.
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  bundleAwsSDK: false,
  externalModules: ['@aws-sdk/*'],
} satisfies BundlingOptions;

/** Props of {@link ConnectorFunction}. */
export interface ConnectorFunctionProps {
  /** Absolute path of the TypeScript entry that exports `handler`. */
  readonly entry: string;
  /** Directory holding `package-lock.json`; the bundler resolves modules from here. */
  readonly projectRoot: string;
  /** `POWERTOOLS_SERVICE_NAME` of this function. */
  readonly serviceName: string;
  /** Environment variables the handler reads (Powertools variables are added here). */
  readonly environment: Readonly<Record<string, string>>;
  /** `POWERTOOLS_LOG_LEVEL`. */
  readonly logLevel: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`. */
  readonly metricsNamespace: string;
  /** Retention of the function's log group. */
  readonly logRetention: RetentionDays;
  /** What happens to the log group when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default - none */
  readonly description?: string;
  /**
   * A folder of built files copied into the bundle beside the handler (the admin function's console).
   * @default - none
   */
  readonly bundledFolder?: { readonly source: string; readonly target: string };
}

/**
 * The one way this app builds a Lambda function: Node.js 24 on arm64, an ESM bundle with source maps,
 * its own log group with retention, active tracing, and a role that starts with nothing but writing to
 * that log group (no `AWSLambdaBasicExecutionRole`: its `logs:*` on `*` is broader than one log group).
 * Every other permission is granted explicitly by the construct that owns the resource. The log group is
 * created here (not by Lambda on first write) so its retention and removal policy are ours.
 */
export class ConnectorFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ConnectorFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}: its log group plus the grants listed in its DefaultPolicy`,
    });
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      ...(props.description === undefined ? {} : { description: props.description }),
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        ...FUNCTION_BUNDLING,
        ...(props.bundledFolder === undefined
          ? {}
          : {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) => [
                  `cp -R "${props.bundledFolder?.source ?? ''}" "${output}/${props.bundledFolder?.target ?? ''}"`,
                ],
              },
            }),
      },
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords; X-Ray supports no resource-level permissions, so "*" is the only valid resource.',
    });
  }
}
