import { createAdapters, runtimeConfigFromEnv } from '../../shared/config/wiring.js';
import { createWebhookRenewalHandler } from './create-handler.js';

export const handler = createWebhookRenewalHandler(createAdapters(runtimeConfigFromEnv()));
