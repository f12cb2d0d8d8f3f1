import { createDependencies, runtimeConfigFromEnv } from '../../shared/config/wiring.js';
import { createClioHookRenewalHandler } from './create-handler.js';

export const handler = createClioHookRenewalHandler(createDependencies(runtimeConfigFromEnv()));
