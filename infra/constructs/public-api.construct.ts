import { Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  DomainName,
  HttpApi,
  HttpMethod,
  LogGroupLogDestination,
  SecurityPolicy,
  type HttpRoute,
  type HttpStage,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ADMIN_ROUTES, WEBHOOK_ROUTE_PATH, WEBHOOK_WHY } from '../../shared/http/routes.js';
import type { CustomDomainConfig, RouteClass, RouteThrottle } from '../config/types.js';

/** Props of {@link PublicApi}. */
export interface PublicApiProps {
  /** Serves `POST /v1/tenants/{tenantId}/webhooks/<provider>`. */
  readonly ingestFunction: IFunction;
  /**
   * The providers that get a webhook route each, with the methods they call with (Twilio's status callbacks may
   * be GETs); any other provider name is a 404 at the gateway.
   */
  readonly providers: Readonly<Record<string, readonly ('POST' | 'GET')[]>>;
  /**
   * Serves the admin routes and the Clio OAuth callback.
   * @default - no admin routes, no OAuth callback
   */
  readonly adminFunction?: IFunction;
  /**
   * Authoriser in front of the admin routes (not the OAuth callback, which Clio reaches through the browser).
   * @default - none at the gateway: the admin function authenticates each request with the tenant's key
   */
  readonly adminAuthorizer?: IHttpRouteAuthorizer;
  /** Steady-state requests per second of a route without a limit of its own. */
  readonly throttleRateLimit: number;
  /** Burst of a route without a limit of its own. */
  readonly throttleBurstLimit: number;
  /** Each route's own limit, by what calls it: a flood on one route leaves the others their own. */
  readonly routeThrottles: Readonly<Record<RouteClass, RouteThrottle>>;
  /** Retention of the access log group. */
  readonly accessLogRetention: RetentionDays;
  /** What happens to the access log group when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * A custom domain; when set, the default `execute-api` endpoint is disabled.
   * @default - the API's default endpoint
   */
  readonly customDomain?: CustomDomainConfig;
}

/** One JSON line per request; no bodies, no headers (signatures and tokens travel in headers). */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The public HTTP API: one webhook route per provider (ingest function), the admin routes and the Clio
 * OAuth callback (admin function, when there is one), stage throttling and JSON access logs.
 */
export class PublicApi extends Construct {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogGroup: LogGroup;
  /** The base URL providers call: `https://<custom domain>` or the API's default endpoint. */
  public readonly publicBaseUrl: string;
  /** The custom domain, when configured; point its DNS at `regionalDomainName`. */
  public readonly domainName: DomainName | undefined;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Call Connector for Clio: provider webhooks, admin API, Clio OAuth callback',
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.customDomain !== undefined,
    });
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention,
      removalPolicy: props.removalPolicy,
    });
    const domainName = props.customDomain && this.domain(props.customDomain);
    this.domainName = domainName;
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit, burstLimit: props.throttleBurstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogGroup), format: ACCESS_LOG_FORMAT },
      ...(domainName === undefined ? {} : { domainMapping: { domainName } }),
    });
    this.publicBaseUrl = props.customDomain ? `https://${props.customDomain.domainName}` : this.api.apiEndpoint;

    const ingest = new HttpLambdaIntegration('Ingest', props.ingestFunction);
    for (const [provider, methods] of Object.entries(props.providers)) {
      this.unauthenticated(
        this.route('webhook', {
          path: WEBHOOK_ROUTE_PATH.replace('{provider}', provider),
          methods: methods.map((method) => HttpMethod[method]),
          integration: ingest,
        }),
        WEBHOOK_WHY,
      );
    }
    if (props.adminFunction) this.addAdminRoutes(props.adminFunction, props.adminAuthorizer);
    // `RouteSettings` is a JSON map CloudFormation reads as is: route key → settings, in CloudFormation's own casing.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      this.throttled.map(({ key, limit }) => [
        key,
        { ThrottlingRateLimit: props.routeThrottles[limit].rateLimit, ThrottlingBurstLimit: props.routeThrottles[limit].burstLimit },
      ]),
    );
  }

  /** Every route with the class its limit comes from. */
  private readonly throttled: { key: string; limit: RouteClass }[] = [];

  private route(limit: RouteClass, options: Parameters<HttpApi['addRoutes']>[0]): HttpRoute[] {
    // Route keys as API Gateway spells them: `POST /v1/tenants/{tenantId}/webhooks/twilio`.
    for (const method of options.methods ?? [HttpMethod.ANY]) this.throttled.push({ key: `${method} ${options.path}`, limit });
    return this.api.addRoutes(options);
  }

  private addAdminRoutes(fn: IFunction, authorizer: IHttpRouteAuthorizer | undefined): void {
    const admin = new HttpLambdaIntegration('Admin', fn);
    for (const route of ADMIN_ROUTES) {
      // An authoriser, when there is one, guards the routes a key or session reaches; the others authenticate as they must.
      const guarded = route.auth === 'admin' && authorizer !== undefined;
      const routes = this.route(route.throttle, {
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: admin,
        ...(guarded ? { authorizer } : {}),
      });
      if (!guarded) this.unauthenticated(routes, route.why);
    }
  }

  private domain(config: CustomDomainConfig): DomainName {
    return new DomainName(this, 'Domain', {
      domainName: config.domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
  }

  private unauthenticated(routes: readonly HttpRoute[], reason: string): void {
    for (const route of routes) Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason });
  }
}
