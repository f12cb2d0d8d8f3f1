import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionEntries } from './stacks/call-connector.stack.js';

/** The repository root: where `package-lock.json` is and the bundler resolves modules from. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where each handler lives, relative to the repository root. */
export const ENTRY_FILES: Readonly<Record<keyof FunctionEntries, string>> = {
  ingest: 'lambdas/ingest/handler.ts',
  processor: 'lambdas/processor/handler.ts',
  admin: 'lambdas/admin/handler.ts',
  phoneIndexSync: 'lambdas/phone-index-sync/handler.ts',
  clioHookRenewal: 'lambdas/clio-hook-renewal/handler.ts',
};

/**
 * The most the ingest and processor bundles may weigh, minified, in KiB (the AWS SDK is the runtime's, not in them):
 * `npm run bench` reports each bundle against these, and the bundling test holds them.
 */
export const BUNDLE_BUDGET_KIB = { ingest: 400, processor: 600 } as const;

/**
 * The entries to deploy: ingest and processor always (a missing one is an error), each optional handler
 * once its file exists, so the admin API and the jobs switch on by landing their code, with no infra edit.
 * Deterministic: it depends on the checkout, not on time or the network.
 */
export const presentEntries = (root: string = PROJECT_ROOT): FunctionEntries => {
  const at = (file: string): string | undefined => {
    const path = join(root, file);
    return existsSync(path) ? path : undefined;
  };
  const required = (file: string): string => {
    const path = at(file);
    if (path === undefined) throw new Error(`Handler entry ${file} is missing`);
    return path;
  };
  const admin = at(ENTRY_FILES.admin);
  const phoneIndexSync = at(ENTRY_FILES.phoneIndexSync);
  const clioHookRenewal = at(ENTRY_FILES.clioHookRenewal);
  return {
    ingest: required(ENTRY_FILES.ingest),
    processor: required(ENTRY_FILES.processor),
    ...(admin === undefined ? {} : { admin }),
    ...(phoneIndexSync === undefined ? {} : { phoneIndexSync }),
    ...(clioHookRenewal === undefined ? {} : { clioHookRenewal }),
  };
};
