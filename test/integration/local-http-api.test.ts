import { startHttpApi } from '../../local/http-api.js';

describe('the local API', () => {
  it('holds a request that comes before its routes are attached, and serves it once they are', async () => {
    // Prepare: listening, no routes yet (the handlers need the port to know their public URL)
    const api = await startHttpApi({ port: 0, host: '127.0.0.1' });
    try {
      // Act
      const early = fetch(`${api.url}/v1/tenants/demo/webhooks/twilio`, { method: 'POST', body: 'x' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      api.setRoutes([
        {
          routeKey: 'POST /v1/tenants/{tenantId}/webhooks/{provider}',
          functionName: 'ingest',
          handler: (event) => Promise.resolve({ statusCode: 200, body: `${event.pathParameters?.tenantId}/${event.pathParameters?.provider}` }),
        },
      ]);
      const response = await early;
      // Assess
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('demo/twilio');
    } finally {
      await api.stop();
    }
  });
});
