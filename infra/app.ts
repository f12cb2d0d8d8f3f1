import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configFor } from './config/index.js';
import { PROJECT_ROOT, presentEntries } from './entries.js';
import { CallConnectorStack } from './stacks/call-connector.stack.js';

// `npx cdk synth -c env=prod`: the environment comes from context, never from the shell or the clock.
const app = new App();
const envName: unknown = app.node.tryGetContext('env') ?? 'dev';
if (typeof envName !== 'string') throw new Error('-c env=<dev|staging|prod> must be a string');
const config = configFor(envName);

new CallConnectorStack(app, config.stackName, {
  config,
  projectRoot: PROJECT_ROOT,
  entries: presentEntries(),
  description: `Call Connector for Clio (${config.envName})`,
  ...(config.account !== undefined || config.region !== undefined
    ? { env: { ...(config.account ? { account: config.account } : {}), ...(config.region ? { region: config.region } : {}) } }
    : {}),
});

// Every AwsSolutions finding fails the synth unless it is acknowledged, with a reason, next to its resource.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
