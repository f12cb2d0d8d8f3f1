import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OUTCOMES_INDEX_ATTRIBUTES } from '../../shared/adapters/dynamodb/outcome-log.adapter.js';

/** Props of {@link DataTables}. */
export interface DataTablesProps {
  /** Applied to every table: `RETAIN` wherever tenants' data must survive a stack deletion. */
  readonly removalPolicy: RemovalPolicy;
  /** @default false */
  readonly deletionProtection?: boolean;
}

/** The tables, by the name the access matrix uses. */
export type TableName = 'tenants' | 'outcomes' | 'idempotency' | 'callState' | 'phoneIndex';

/** What a function may do to a table. Each level lists its actions; nothing is `dynamodb:*`. */
export type TableAccess = 'read' | 'readWrite' | 'readWriteScan' | 'readPurge' | 'purge' | 'scanDelete';

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
export const TABLE_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: READ,
  readWrite: [...READ, ...WRITE],
  // Scheduled jobs walk every tenant; nothing else scans.
  readWriteScan: [...READ, ...WRITE, 'dynamodb:Scan'],
  // A tenant's deletion (operator only): its partition read and deleted, page by page, beside reading it.
  readPurge: [...READ, 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  purge: ['dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  // The idempotency table is keyed by a hash: a tenant's deletion finds its dedup keys by a scan, and deletes each.
  scanDelete: ['dynamodb:Scan', 'dynamodb:DeleteItem'],
};

/** Name of the outcomes GSI that lists a tenant's outcomes by time. */
export const OUTCOMES_BY_RECORDED_AT = 'byRecordedAt';

/**
 * The DynamoDB tables (on demand, point-in-time recovery, KMS encryption with the AWS managed key):
 * tenants and their settings, outcomes (listable by time, expiring), idempotency records (Powertools
 * layout, expiring), call assembly state (expiring) and the per-tenant normalised phone index.
 */
export class DataTables extends Construct {
  public readonly tables: Readonly<Record<TableName, Table>>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    const common = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? false,
      removalPolicy: props.removalPolicy,
    };
    const s = (name: string) => ({ name, type: AttributeType.STRING });

    const outcomes = new Table(this, 'Outcomes', {
      ...common,
      partitionKey: s('tenantId'),
      sortKey: s('eventId'),
      timeToLiveAttribute: 'expiresAt',
    });
    outcomes.addGlobalSecondaryIndex({
      indexName: OUTCOMES_BY_RECORDED_AT,
      partitionKey: s('tenantId'),
      sortKey: s('recordedAt'),
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...OUTCOMES_INDEX_ATTRIBUTES],
    });

    this.tables = {
      tenants: new Table(this, 'Tenants', { ...common, partitionKey: s('tenantId'), timeToLiveAttribute: 'ttl' }),
      outcomes,
      // Powertools idempotency defaults: key attribute `id`, expiry attribute `expiration`.
      idempotency: new Table(this, 'Idempotency', { ...common, partitionKey: s('id'), timeToLiveAttribute: 'expiration' }),
      callState: new Table(this, 'CallState', {
        ...common,
        partitionKey: s('tenantId'),
        sortKey: s('callKey'),
        timeToLiveAttribute: 'expiresAt',
      }),
      phoneIndex: new Table(this, 'PhoneIndex', { ...common, partitionKey: s('tenantId'), sortKey: s('e164') }),
    };
  }

  /**
   * Grants one access level on one table; a table's index gets `dynamodb:Query` on its own ARN (no `index/*`).
   */
  public grant(grantee: IGrantable, name: TableName, access: TableAccess): void {
    const table = this.tables[name];
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...TABLE_ACTIONS[access]], resources: [table.tableArn] }));
    if (name === 'outcomes') {
      principal.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['dynamodb:Query'],
          resources: [`${table.tableArn}/index/${OUTCOMES_BY_RECORDED_AT}`],
        }),
      );
    }
  }
}
