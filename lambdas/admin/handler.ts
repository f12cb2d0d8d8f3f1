import { createAdapters, runtimeConfigFromEnv } from '../../shared/config/wiring.js';
import { createAdminHandler } from './create-handler.js';

export const handler = createAdminHandler(createAdapters(runtimeConfigFromEnv()));
