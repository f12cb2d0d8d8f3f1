import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { configFor, type EnvironmentConfig } from '../../../infra/config/index.js';
import { ENTRY_FILES, PROJECT_ROOT } from '../../../infra/entries.js';
import { CallConnectorStack, type FunctionEntries } from '../../../infra/stacks/call-connector.stack.js';

/** The feature flags `cdk synth` runs with, so the tests see the same template. */
const CDK_CONTEXT = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

const FIXTURE = join(PROJECT_ROOT, 'test/infra/fixtures/placeholder.handler.ts');

/** Ingest and processor only: the stack as it is before the admin API and the jobs land. */
export const CORE_ENTRIES: FunctionEntries = {
  ingest: join(PROJECT_ROOT, ENTRY_FILES.ingest),
  processor: join(PROJECT_ROOT, ENTRY_FILES.processor),
};

/** Every function, the optional ones played by a fixture. */
export const ALL_ENTRIES: FunctionEntries = {
  ...CORE_ENTRIES,
  admin: FIXTURE,
  phoneIndexSync: FIXTURE,
  clioHookRenewal: FIXTURE,
};

export interface SynthOptions {
  readonly env?: string;
  readonly entries?: FunctionEntries;
  readonly config?: Partial<EnvironmentConfig>;
}

export interface Synthesised {
  readonly app: App;
  readonly stack: CallConnectorStack;
  readonly template: Template;
}

/** Synthesises the stack without bundling (the template is the same; only asset hashes differ). */
export const synth = (options: SynthOptions = {}): Synthesised => {
  const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  const config = { ...configFor(options.env ?? 'dev'), ...options.config };
  const stack = new CallConnectorStack(app, 'Test', { config, projectRoot: PROJECT_ROOT, entries: options.entries ?? ALL_ENTRIES });
  return { app, stack, template: Template.fromStack(stack) };
};

/** The logical id of a construct's CloudFormation resource (the construct itself or its default child). */
export const logicalId = (construct: IConstruct): string => {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(element).getLogicalId(element);
};

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The properties of one resource in a synthesised template. */
export const propertiesOf = (template: Template, id: string): Record<string, Json> => {
  const resource = (template.toJSON() as { Resources: Record<string, { Properties?: Record<string, Json> }> }).Resources[id];
  if (resource === undefined) throw new Error(`No resource ${id}`);
  return resource.Properties ?? {};
};

/** Renders an intrinsic as text, with logical ids replaced by readable names. */
export const render = (value: Json, names: ReadonlyMap<string, string>): string => {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const ref = value.Ref;
    if (typeof ref === 'string') return names.get(ref) ?? `\${${ref}}`;
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      const [id, attribute] = getAtt as [string, string];
      return names.get(id) ?? `${id}.${attribute}`;
    }
    const join = value['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, Json[]];
      return parts.map((part) => render(part, names)).join(separator);
    }
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
};
