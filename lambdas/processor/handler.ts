import { EnvName, getStringFromEnv } from '../../shared/config/env.js';
import { createDependencies, runtimeConfigFromEnv } from '../../shared/config/wiring.js';
import { createProcessorHandler } from './create-handler.js';

// The processor moves an event that has had its attempts to the dead-letter queue: it cannot run without one.
export const handler = createProcessorHandler(
  createDependencies({ ...runtimeConfigFromEnv(), deadLetterQueueUrl: getStringFromEnv(EnvName.DeadLetterQueueUrl) }),
);
