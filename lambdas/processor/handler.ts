import { createAdapters, runtimeConfigFromEnv } from '../../shared/config/wiring.js';
import { createProcessorHandler } from './create-handler.js';

export const handler = createProcessorHandler(createAdapters(runtimeConfigFromEnv()));
