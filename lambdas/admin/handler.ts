import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDependencies, runtimeConfigFromEnv } from '../../shared/config/wiring.js';
import { createAdminHandler } from './create-handler.js';

// The console's files are bundled beside the handler (infra: the admin function's bundling copies console/dist).
export const handler = createAdminHandler(createDependencies(runtimeConfigFromEnv()), { consoleDir: join(dirname(fileURLToPath(import.meta.url)), 'console') });
