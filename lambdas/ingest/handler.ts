import { createAdapters, runtimeConfigFromEnv } from '../../shared/config/wiring.js';
import { createIngestHandler } from './create-handler.js';

export const handler = createIngestHandler(createAdapters(runtimeConfigFromEnv()));
