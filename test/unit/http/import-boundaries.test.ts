import { ESLint } from 'eslint';

// The import rules of eslint.config.js, run on sources that break them and on sources that keep them (linted as the
// text of an existing file of the layer, so that the type-aware rules find it in the project).
const eslint = new ESLint({ cwd: process.cwd() });

const restrictedImports = async (filePath: string, source: string): Promise<string[]> => {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('import boundaries', () => {
  it.each([
    ['shared/domain/phone.ts', "import type { TenantStore } from '../ports/tenant-store.js';\nexport type T = TenantStore;\n"],
    ['shared/domain/phone.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const c = new DynamoDBClient({});\n"],
    ['shared/use-cases/sync-api.ts', "import { clioBaseUrl } from '../adapters/clio/regions.js';\nexport const u = clioBaseUrl('US');\n"],
    ['shared/use-cases/sync-api.ts', "import { runtimeConfigFromEnv } from '../config/wiring.js';\nexport const c = runtimeConfigFromEnv;\n"],
    ['shared/use-cases/sync-api.ts', "import { replyResponse } from '../http/answers.js';\nexport const r = replyResponse;\n"],
    [
      'shared/ports/clock.ts',
      "import { createDynamoTenantStore } from '../adapters/dynamodb/tenant-store.adapter.js';\nexport const s = createDynamoTenantStore;\n",
    ],
  ])('refuses %s importing what its layer may not', async (file, source) => {
    // Act
    const messages = await restrictedImports(file, source);
    // Assess
    expect(messages).toHaveLength(1);
  });

  it.each([
    [
      'shared/domain/phone.ts',
      "import * as z from 'zod';\nimport type { Tenant } from './tenant.js';\nexport const s = z.string();\nexport type T = Tenant;\n",
    ],
    [
      'shared/ports/clock.ts',
      "import type { Tenant } from '../domain/tenant.js';\nimport type { TenantStore } from './tenant-store.js';\nexport type T = Tenant | TenantStore;\n",
    ],
    [
      'shared/use-cases/sync-api.ts',
      "import { RefusedError } from '../domain/errors.js';\nimport type { TenantStore } from '../ports/tenant-store.js';\nexport type S = TenantStore;\nexport const e = RefusedError;\n",
    ],
  ])('lets %s import its own layer and the ones inside it', async (file, source) => {
    // Act
    const messages = await restrictedImports(file, source);
    // Assess
    expect(messages).toEqual([]);
  });
});
