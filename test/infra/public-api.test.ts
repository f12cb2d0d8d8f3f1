import { Match } from 'aws-cdk-lib/assertions';
import { PROVIDERS } from '../../shared/domain/canonical-event.js';
import { CORE_ENTRIES, logicalId, propertiesOf, synth, type Synthesised } from './support/synth.js';

// Prepare
const full = synth();
const core = synth({ entries: CORE_ENTRIES });

/** Route key → logical id of the function its integration invokes. */
const routes = ({ template }: Synthesised): Record<string, string> => {
  const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
  const target = (integrationId: string): string => {
    const uri = (integrations[integrationId]?.Properties as { IntegrationUri: { 'Fn::GetAtt': [string, string] } }).IntegrationUri;
    return uri['Fn::GetAtt'][0];
  };
  return Object.fromEntries(
    Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => {
      const { RouteKey, Target } = route.Properties as { RouteKey: string; Target: { 'Fn::Join': [string, [string, { Ref: string }]] } };
      return [RouteKey, target(Target['Fn::Join'][1][1].Ref)];
    }),
  );
};

describe('PublicApi', () => {
  test('each provider has its own webhook route, served by the ingest function', () => {
    // Act
    const table = routes(core);

    // Assess
    const ingest = logicalId(core.stack.functions.ingest!);
    // Twilio's status callbacks may come by GET (StatusCallbackMethod=GET).
    expect(table).toEqual(
      Object.fromEntries(
        [...PROVIDERS.map((provider) => `POST /v1/tenants/{tenantId}/webhooks/${provider}`), 'GET /v1/tenants/{tenantId}/webhooks/twilio'].map((route) => [
          route,
          ingest,
        ]),
      ),
    );
  });

  test('without an admin function there are no admin routes and no OAuth callback', () => {
    // Act
    const keys = Object.keys(routes(core));

    // Assess
    expect(keys.filter((key) => !key.includes('/webhooks/'))).toEqual([]);
  });

  test('with an admin function, the admin routes and the Clio OAuth callback are served by it', () => {
    // Act
    const table = routes(full);

    // Assess
    const admin = logicalId(full.stack.functions.admin!);
    expect(table).toMatchObject({
      'ANY /v1/tenants': admin,
      'ANY /v1/tenants/{tenantId}': admin,
      'ANY /v1/tenants/{tenantId}/{proxy+}': admin,
      'GET /v1/oauth/clio/callback': admin,
      'GET /v1/oauth/clio/start': admin,
      'POST /v1/oauth/clio/confirm': admin,
      'POST /v1/tenants/{tenantId}/clio/hooks/{token}': admin,
      'ANY /v1/session': admin,
      'GET /': admin,
      'GET /console/{file}': admin,
    });
    expect(Object.keys(table)).toHaveLength(PROVIDERS.length + 11);
  });

  test('the stage throttles to the configured rate and burst', () => {
    // Act
    const stage = propertiesOf(full.template, logicalId(full.stack.api.stage));

    // Assess
    expect(stage).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 } });
  });

  test('every route has a limit of its own, by what calls it, so a flood on one route leaves the others theirs', () => {
    // Act
    const settings = propertiesOf(full.template, logicalId(full.stack.api.stage)).RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;

    // Assess: dev's limits (infra/config/dev.ts)
    expect(Object.keys(settings).sort()).toEqual(Object.keys(routes(full)).sort());
    const limit = (rate: number, burst: number) => ({ ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst });
    expect(settings).toMatchObject({
      'POST /v1/tenants/{tenantId}/webhooks/twilio': limit(10, 20),
      'GET /v1/tenants/{tenantId}/webhooks/twilio': limit(10, 20),
      'POST /v1/tenants/{tenantId}/webhooks/ringcentral': limit(10, 20),
      'ANY /v1/tenants/{tenantId}/{proxy+}': limit(5, 10),
      'GET /v1/oauth/clio/callback': limit(1, 5),
      'POST /v1/tenants/{tenantId}/clio/hooks/{token}': limit(5, 10),
    });
  });

  test('every request is access-logged as JSON, without headers or bodies, to a log group with retention', () => {
    // Act
    const stage = propertiesOf(full.template, logicalId(full.stack.api.stage));
    const settings = stage.AccessLogSettings as { DestinationArn: unknown; Format: string };

    // Assess
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(full.stack.api.accessLogGroup), 'Arn'] });
    expect(JSON.parse(settings.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
    expect(settings.Format).not.toMatch(/header|body/i);
    expect(propertiesOf(full.template, logicalId(full.stack.api.accessLogGroup))).toMatchObject({ RetentionInDays: 7 });
  });

  test("without a custom domain the public base URL is the API's default endpoint", () => {
    // Act
    const url = full.stack.resolve(full.stack.api.publicBaseUrl) as unknown;

    // Assess
    expect(url).toEqual({ 'Fn::GetAtt': [logicalId(full.stack.api.api), 'ApiEndpoint'] });
  });

  test('with a custom domain providers call https://<domain>, and the default endpoint is switched off', () => {
    // Prepare
    const customDomain = { domainName: 'calls.example.com', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' };

    // Act
    const withDomain = synth({ config: { customDomain } });

    // Assess
    expect(withDomain.stack.api.publicBaseUrl).toBe('https://calls.example.com');
    withDomain.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'calls.example.com',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: customDomain.certificateArn, SecurityPolicy: 'TLS_1_2' })],
    });
    withDomain.template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    withDomain.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    withDomain.template.hasOutput('CustomDomainDnsTarget', {
      Value: { 'Fn::GetAtt': [logicalId(withDomain.stack.api.domainName!), 'RegionalDomainName'] },
    });
    withDomain.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://calls.example.com' }) },
    });
  });
});
