import type { LocalStack } from '../../local/stack.js';
import { createDependencies } from '../../shared/config/wiring.js';
import { createAdminHandler } from '../../lambdas/admin/create-handler.js';
import { admin } from '../support/admin.js';
import { startTestStack } from '../support/local-stack.js';

describe("rotating a tenant's admin key", () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  it('issues a new key shown once, and the old one stops working at once, in every container', async () => {
    // Prepare: a firm, and a second admin container that has the firm cached for a minute
    const created = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Rotation LLP' })).body as { id: string; adminKey: string };
    const other = createDependencies({ ...stack.config, tenantCacheTtlMs: 60_000 });
    await other.tenants.get(created.id);
    const otherAdmin = createAdminHandler(other);
    const settingsVia = (handler: typeof otherAdmin, key: string) =>
      handler(
        {
          version: '2.0',
          routeKey: 'ANY /v1/tenants/{tenantId}/{proxy+}',
          rawPath: `/v1/tenants/${created.id}/settings`,
          rawQueryString: '',
          headers: { authorization: `Bearer ${key}` },
          isBase64Encoded: false,
          requestContext: {
            http: { method: 'GET', path: `/v1/tenants/${created.id}/settings`, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
            requestId: 'r1',
            routeKey: '',
            stage: '$default',
            time: '',
            timeEpoch: 0,
            accountId: '',
            apiId: '',
            domainName: '',
            domainPrefix: '',
          },
        },
        { getRemainingTimeInMillis: () => 10_000 } as unknown as Parameters<typeof otherAdmin>[1],
      );
    // Act
    const rotated = await admin(stack, 'POST', `/v1/tenants/${created.id}/admin-keys`, created.adminKey);
    const { adminKey } = rotated.body as { adminKey: string };
    // Assess
    expect(rotated.status).toBe(201);
    expect(adminKey).toMatch(new RegExp(`^cck_${created.id}\\.`));
    expect(adminKey).not.toBe(created.adminKey);
    expect((await admin(stack, 'GET', `/v1/tenants/${created.id}/settings`, created.adminKey)).status).toBe(401);
    expect((await admin(stack, 'GET', `/v1/tenants/${created.id}/settings`, adminKey)).status).toBe(200);
    expect(await settingsVia(otherAdmin, created.adminKey)).toMatchObject({ statusCode: 401 });
    expect(await settingsVia(otherAdmin, adminKey)).toMatchObject({ statusCode: 200 });
    expect(JSON.stringify(await stack.adapters.tenants.get(created.id))).not.toContain(adminKey);
  });

  it("lets the operator rotate a firm's key, and no other firm", async () => {
    const a = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Firm A' })).body as { id: string; adminKey: string };
    const b = (await admin(stack, 'POST', '/v1/tenants', stack.demo.operatorKey, { name: 'Firm B' })).body as { id: string; adminKey: string };
    expect((await admin(stack, 'POST', `/v1/tenants/${b.id}/admin-keys`, a.adminKey)).status).toBe(403);
    expect((await admin(stack, 'GET', `/v1/tenants/${b.id}/settings`, b.adminKey)).status).toBe(200);
    expect((await admin(stack, 'POST', `/v1/tenants/${b.id}/admin-keys`, stack.demo.operatorKey)).status).toBe(201);
    expect((await admin(stack, 'GET', `/v1/tenants/${b.id}/settings`, b.adminKey)).status).toBe(401);
  });
});
