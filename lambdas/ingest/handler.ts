import { createIngestDependencies, runtimeConfigFromEnv } from '../../shared/config/core-wiring.js';
import { createIngestHandler } from './create-handler.js';

export const handler = createIngestHandler(createIngestDependencies(runtimeConfigFromEnv()));
