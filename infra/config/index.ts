import { dev } from './dev.js';
import { prod } from './prod.js';
import { staging } from './staging.js';
import { ENVIRONMENT_NAMES, type EnvironmentConfig, type EnvironmentName } from './types.js';

export type { EnvironmentConfig, EnvironmentName } from './types.js';

const CONFIGS: Readonly<Record<EnvironmentName, EnvironmentConfig>> = { dev, staging, prod };

const isEnvironmentName = (name: string): name is EnvironmentName => (ENVIRONMENT_NAMES as readonly string[]).includes(name);

/** The config of one environment; an unknown name is a usage error that lists the known ones. */
export const configFor = (name: string): EnvironmentConfig => {
  if (!isEnvironmentName(name)) {
    throw new Error(`Unknown environment "${name}"; use one of: ${ENVIRONMENT_NAMES.join(', ')}`);
  }
  return CONFIGS[name];
};
