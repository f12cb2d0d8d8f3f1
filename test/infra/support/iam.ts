import type { FunctionRole } from '../../../infra/stacks/access.js';
import { logicalId, render, type Json, type Synthesised } from './synth.js';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: Json;
}

/** Readable names for the resources policies point at: `table:tenants`, `queue:events`, `logs:ingest`... */
export const resourceNames = ({ stack }: Synthesised): Map<string, string> => {
  const names = new Map<string, string>();
  for (const [name, table] of Object.entries(stack.data.tables)) names.set(logicalId(table), `table:${name}`);
  names.set(logicalId(stack.eventQueue.queue), 'queue:events');
  names.set(logicalId(stack.eventQueue.deadLetterQueue), 'queue:dlq');
  names.set(logicalId(stack.eventQueue.overflowQueue), 'queue:overflow');
  names.set(logicalId(stack.eventQueue.key), 'kms:queue');
  for (const [role, fn] of Object.entries(stack.functions)) names.set(logicalId(fn.logGroup), `logs:${role}`);
  names.set('AWS::Partition', '${Partition}');
  names.set('AWS::Region', '${Region}');
  names.set('AWS::AccountId', '${Account}');
  return names;
};

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every policy statement attached to a function's role, as the template has them. */
export const statementsOf = (synthesised: Synthesised, role: FunctionRole): Statement[] => {
  const fn = synthesised.stack.functions[role];
  if (fn?.role === undefined) throw new Error(`No function ${role}`);
  const roleId = logicalId(fn.role);
  const policies = synthesised.template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => JSON.stringify((policy as { Properties: { Roles: Json } }).Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
};

/**
 * What a function may do, one `<action> <resource>` line per pair, sorted: independent of how CDK groups
 * statements, so the tests pin permissions, not layout.
 */
export const permissionsOf = (synthesised: Synthesised, role: FunctionRole): string[] => {
  const names = resourceNames(synthesised);
  return statementsOf(synthesised, role)
    .flatMap((statement) => {
      if (statement.Effect !== 'Allow') throw new Error(`Unexpected ${statement.Effect} statement`);
      const resources = asArray(statement.Resource).map((resource) => render(resource, names));
      return asArray(statement.Action).flatMap((action) => resources.map((resource) => `${action} ${resource}`));
    })
    .sort();
};

/** Expected pairs, for writing expectations as tables. */
export const pairs = (actions: readonly string[], resource: string): string[] => actions.map((action) => `${action} ${resource}`);
