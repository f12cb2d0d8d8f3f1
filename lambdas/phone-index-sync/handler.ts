import { createDependencies, runtimeConfigFromEnv } from '../../shared/config/wiring.js';
import { createPhoneIndexSyncHandler } from './create-handler.js';

export const handler = createPhoneIndexSyncHandler(createDependencies(runtimeConfigFromEnv()));
