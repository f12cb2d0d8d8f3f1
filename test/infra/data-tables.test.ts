import type { TableName } from '../../infra/constructs/data-tables.construct.js';
import { logicalId, propertiesOf, synth } from './support/synth.js';

// Prepare
const dev = synth();
const prod = synth({ env: 'prod' });
const tableOf = (name: TableName, { stack, template } = dev) => ({
  properties: propertiesOf(template, logicalId(stack.data.tables[name])),
  resource: (template.toJSON() as { Resources: Record<string, Record<string, unknown>> }).Resources[logicalId(stack.data.tables[name])],
});
const NAMES: TableName[] = ['tenants', 'outcomes', 'idempotency', 'callState', 'phoneIndex'];

describe('DataTables', () => {
  test.each<[TableName, string, string | undefined]>([
    ['tenants', 'tenantId', undefined],
    ['outcomes', 'tenantId', 'eventId'],
    ['idempotency', 'id', undefined],
    ['callState', 'tenantId', 'callKey'],
    ['phoneIndex', 'tenantId', 'e164'],
  ])('the %s table is keyed by %s / %s (strings), as the adapters read it', (name, partitionKey, sortKey) => {
    // Act
    const { properties } = tableOf(name);

    // Assess
    const keys = [{ AttributeName: partitionKey, KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' }] : [])];
    expect(properties.KeySchema).toEqual(keys);
    expect(properties.AttributeDefinitions).toEqual(expect.arrayContaining(keys.map(({ AttributeName }) => ({ AttributeName, AttributeType: 'S' }))));
  });

  test.each<[TableName, string | undefined]>([
    // The tenants table holds console sessions too, each removed once it expires.
    ['tenants', 'ttl'],
    ['outcomes', 'expiresAt'],
    ['idempotency', 'expiration'],
    ['callState', 'expiresAt'],
    ['phoneIndex', undefined],
  ])('the %s table expires items on %s', (name, attribute) => {
    // Act
    const { properties } = tableOf(name);

    // Assess
    expect(properties.TimeToLiveSpecification).toEqual(attribute === undefined ? undefined : { AttributeName: attribute, Enabled: true });
  });

  test('outcomes are listable per tenant by time through the byRecordedAt index, which keeps no copy of events or traces', () => {
    // Act
    const { properties } = tableOf('outcomes');

    // Assess
    expect(properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byRecordedAt',
        KeySchema: [
          { AttributeName: 'tenantId', KeyType: 'HASH' },
          { AttributeName: 'recordedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'reason'] },
      },
    ]);
    expect(properties.AttributeDefinitions).toContainEqual({ AttributeName: 'recordedAt', AttributeType: 'S' });
  });

  test.each(NAMES)('the %s table is on demand, encrypted with KMS and recoverable to a point in time', (name) => {
    // Act
    const { properties } = tableOf(name);

    // Assess
    expect(properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test.each(NAMES)('in prod the %s table is retained and deletion-protected', (name) => {
    // Act
    const { properties, resource } = tableOf(name, prod);

    // Assess
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(properties.DeletionProtectionEnabled).toBe(true);
  });

  test('in dev tables are removed with the stack', () => {
    // Act
    const policies = NAMES.map((name) => tableOf(name).resource?.DeletionPolicy);

    // Assess
    expect(policies).toEqual(NAMES.map(() => 'Delete'));
  });
});
