import { Arn, ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Props of {@link TenantSecrets}. */
export interface TenantSecretsProps {
  /** Name prefix of every secret of this environment, e.g. `call-connector/prod` (no trailing slash). */
  readonly prefix: string;
}

/** The kinds of per-tenant secret: webhook credentials, Clio tokens, connections to a phone system's own API. */
export type SecretKind = 'providers' | 'clio' | 'connections';

/** What a function may do with a kind of secret. */
export type SecretAccess = 'read' | 'readWrite' | 'manage' | 'readManage';

export const SECRET_ACTIONS: Readonly<Record<SecretAccess, readonly string[]>> = {
  read: ['secretsmanager:GetSecretValue'],
  // Token refresh: read the tokens, store the refreshed access token.
  readWrite: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
  // The admin API creates a tenant's secrets and replaces their values (it never needs to read them back), and
  // deletes them with the tenant.
  manage: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:DeleteSecret'],
  // Revoking a Clio connection reads the token it revokes, then forgets it.
  readManage: [
    'secretsmanager:GetSecretValue',
    'secretsmanager:CreateSecret',
    'secretsmanager:PutSecretValue',
    'secretsmanager:DescribeSecret',
    'secretsmanager:DeleteSecret',
  ],
};

const WILDCARD_REASON =
  'Per-tenant secrets are created at run time by the admin API, so their names are only known as a pattern; ' +
  'the pattern is pinned to this environment\'s prefix and to one kind of secret (the "-??????" is the random suffix Secrets Manager appends).';

/**
 * Per-tenant secrets live under one name prefix: `<prefix>/tenants/<tenantId>/providers/<provider>` (phone
 * system credentials), `<prefix>/tenants/<tenantId>/clio` (OAuth tokens) and `<prefix>/tenants/<tenantId>/<provider>-connection`
 * (a connection to the phone system's own API, with its tokens). They are created at run time,
 * not by CloudFormation; this construct owns the name patterns and grants access to them, one kind at a time.
 */
export class TenantSecrets extends Construct {
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: TenantSecretsProps) {
    super(scope, id);
    if (props.prefix.endsWith('/') || props.prefix.includes('*')) {
      throw new Error(`Secrets prefix "${props.prefix}" must not end with "/" nor contain "*"`);
    }
    this.prefix = props.prefix;
  }

  /** The secret-name pattern of one kind, as IAM sees it (with the random suffix). */
  public namePattern(kind: SecretKind): string {
    switch (kind) {
      case 'clio':
        return `${this.prefix}/tenants/*/clio-??????`;
      case 'providers':
        return `${this.prefix}/tenants/*/providers/*-??????`;
      case 'connections':
        return `${this.prefix}/tenants/*/*-connection-??????`;
    }
  }

  /** The ARN pattern of one kind of secret in this stack's account and region. */
  public arnPattern(kind: SecretKind): string {
    return Arn.format(
      { service: 'secretsmanager', resource: 'secret', resourceName: this.namePattern(kind), arnFormat: ArnFormat.COLON_RESOURCE_NAME },
      Stack.of(this),
    );
  }

  /**
   * Grants one access level on one kind of secret and records, on the grantee, why its policy holds a
   * wildcard resource (cdk-nag AwsSolutions-IAM5 names the exact ARN pattern).
   */
  public grant(grantee: IGrantable, kind: SecretKind, access: SecretAccess): void {
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...SECRET_ACTIONS[access]], resources: [this.arnPattern(kind)] }));
    if (!Construct.isConstruct(principal)) return;
    Validations.of(principal).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.nagArn(kind)}]`,
      reason: WILDCARD_REASON,
    });
  }

  /** The ARN pattern as cdk-nag prints it (pseudo parameters in angle brackets). */
  private nagArn(kind: SecretKind): string {
    return `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.namePattern(kind)}`;
  }
}
