import { permissionsOf, statementsOf, pairs } from './support/iam.js';
import { synth } from './support/synth.js';

// The expectations are written out here, not derived from infra/stacks/access.ts: they are the contract.
const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const SECRETS = 'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:call-connector/dev/tenants';
const PROVIDER_SECRETS = `${SECRETS}/*/providers/*-??????`;
const CONNECTION_SECRETS = `${SECRETS}/*/*-connection-??????`;
const CLIO_SECRETS = `${SECRETS}/*/clio-??????`;

const baseline = (role: string): string[] => [
  ...pairs(['logs:CreateLogStream', 'logs:PutLogEvents'], `logs:${role}`),
  ...pairs(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*'),
];
/** The Clio developer application's id and secret: the one secret every Clio-facing function reads by reference. */
const CLIO_APP = pairs(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], '${ClioAppEFAF8396}');
const enqueue = [
  ...pairs(['sqs:SendMessage'], 'queue:events'),
  ...pairs(['sqs:SendMessage'], 'queue:overflow'),
  ...pairs(['kms:GenerateDataKey', 'kms:Decrypt'], 'kms:queue'),
];

// Prepare
const synthesised = synth();

describe('least privilege per function', () => {
  test('ingest reads provider secrets and tenants, keeps idempotency and call state, and only sends to the queues (both lanes)', () => {
    // Act
    const permissions = permissionsOf(synthesised, 'ingest');

    // Assess
    expect(permissions).toEqual(
      [
        ...baseline('ingest'),
        ...pairs(READ, 'table:tenants'),
        ...pairs([...READ, ...WRITE], 'table:idempotency'),
        ...pairs([...READ, ...WRITE], 'table:callState'),
        ...pairs(['secretsmanager:GetSecretValue'], PROVIDER_SECRETS),
        ...enqueue,
      ].sort(),
    );
  });

  test('processor consumes both lanes of the queue, may change visibility, sends to the DLQ, reads tenants and writes their refresh lock and connection, records outcomes, reads and updates the phone index, keeps idempotency records, reads call state and provider credentials, refreshes Clio tokens and its connections to phone systems', () => {
    // Act
    const permissions = permissionsOf(synthesised, 'processor');

    // Assess
    expect(permissions).toEqual(
      [
        ...baseline('processor'),
        ...['queue:events', 'queue:overflow'].flatMap((queue) =>
          pairs(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], queue),
        ),
        ...pairs(['kms:Decrypt', 'kms:GenerateDataKey'], 'kms:queue'),
        // An event that has had its attempts, moved to the DLQ by the processor itself.
        ...pairs(['sqs:SendMessage'], 'queue:dlq'),
        ...pairs([...READ, ...WRITE], 'table:tenants'),
        ...pairs([...READ, ...WRITE], 'table:outcomes'),
        ...pairs(['dynamodb:Query'], 'table:outcomes/index/byRecordedAt'),
        ...pairs([...READ, ...WRITE], 'table:phoneIndex'),
        ...pairs([...READ, ...WRITE], 'table:idempotency'),
        ...pairs(READ, 'table:callState'),
        ...pairs(['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], CLIO_SECRETS),
        ...pairs(['secretsmanager:GetSecretValue'], PROVIDER_SECRETS),
        ...pairs(['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], CONNECTION_SECRETS),
        ...CLIO_APP,
      ].sort(),
    );
  });

  test("admin manages tenants, every kind of secret and on-request phone index syncs, reads Clio tokens to revoke them, reads the operator key and the Clio app, lists outcomes, replays through the queue, and deletes a tenant's secrets, outcomes, call state and dedup keys", () => {
    // Act
    const permissions = permissionsOf(synthesised, 'admin');

    // Assess
    const manage = ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:DeleteSecret'];
    expect(permissions).toEqual(
      [
        ...baseline('admin'),
        ...pairs([...READ, ...WRITE], 'table:tenants'),
        ...pairs([...READ, 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'], 'table:outcomes'),
        ...pairs(['dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'], 'table:callState'),
        ...pairs(['dynamodb:Scan', 'dynamodb:DeleteItem'], 'table:idempotency'),
        ...pairs(['dynamodb:Query'], 'table:outcomes/index/byRecordedAt'),
        ...pairs([...READ, ...WRITE], 'table:phoneIndex'),
        ...pairs(manage, PROVIDER_SECRETS),
        ...pairs(['secretsmanager:GetSecretValue', ...manage], CLIO_SECRETS),
        ...pairs(['secretsmanager:GetSecretValue', ...manage], CONNECTION_SECRETS),
        ...CLIO_APP,
        // Its own key: the one secret CDK creates, read by reference, not by pattern.
        ...pairs(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], '${OperatorKeyD7C0C4F2}'),
        ...enqueue,
      ].sort(),
    );
  });

  test('phone-index sync scans tenants, rewrites the phone index and refreshes Clio tokens', () => {
    // Act
    const permissions = permissionsOf(synthesised, 'phoneIndexSync');

    // Assess
    expect(permissions).toEqual(
      [
        ...baseline('phoneIndexSync'),
        ...pairs([...READ, ...WRITE, 'dynamodb:Scan'], 'table:tenants'),
        ...pairs([...READ, ...WRITE], 'table:phoneIndex'),
        ...pairs(['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], CLIO_SECRETS),
        ...CLIO_APP,
      ].sort(),
    );
  });

  test("webhook renewal scans tenants, reads the phone index state, and keeps each tenant's Clio webhook with its tokens", () => {
    // Act
    const permissions = permissionsOf(synthesised, 'clioHookRenewal');

    // Assess
    expect(permissions).toEqual(
      [
        ...baseline('clioHookRenewal'),
        ...pairs([...READ, ...WRITE, 'dynamodb:Scan'], 'table:tenants'),
        ...pairs(READ, 'table:phoneIndex'),
        ...pairs(['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], CLIO_SECRETS),
        ...CLIO_APP,
      ].sort(),
    );
  });

  test('only the processor touches the dead-letter queue, and only to send to it', () => {
    // Act
    const roles = ['ingest', 'processor', 'admin', 'phoneIndexSync', 'clioHookRenewal'] as const;
    const touchingDlq = roles.flatMap((role) =>
      permissionsOf(synthesised, role)
        .filter((line) => line.endsWith('queue:dlq'))
        .map((line) => `${role}: ${line}`),
    );

    // Assess
    expect(touchingDlq).toEqual(['processor: sqs:SendMessage queue:dlq']);
  });

  test('the only bare "*" resource and the only wildcard actions are X-Ray\'s, which has no resource-level permissions', () => {
    // Act
    const roles = ['ingest', 'processor', 'admin', 'phoneIndexSync', 'clioHookRenewal'] as const;
    const wildcards = roles.flatMap((role) =>
      statementsOf(synthesised, role)
        .filter((statement) => JSON.stringify(statement.Resource) === '"*"' || JSON.stringify(statement.Action).includes('*'))
        .map((statement) => statement.Action),
    );

    // Assess
    expect(new Set(wildcards.flat())).toEqual(new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']));
  });

  test('no role carries a managed policy (AWSLambdaBasicExecutionRole grants logs on every log group)', () => {
    // Act
    const roles = synthesised.template.findResources('AWS::IAM::Role');

    // Assess
    const managed = Object.values(roles).filter((role) => (role as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns);
    expect(managed).toEqual([]);
  });
});
