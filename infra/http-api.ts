import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { NurtureFunction } from './nurture-function';

/** Every field of one HTTP API access log line: who called what, and how it went. Never bodies or headers. */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
} as const;

export interface HttpApiRoutes {
  /** `$default`: every method and path. */
  readonly defaultRoute: apigw.HttpRoute;
  readonly accessLogs: logs.LogGroup;
}

/**
 * The HTTP API in front of the `api` function. Made in two steps: the API
 * first, because its endpoint is in every function's environment, and its
 * routes, access logs and throttled stage once `api` exists (`route`).
 *
 * Its resources belong to the stack itself (construct ids `HttpApi`,
 * `DefaultRoute`, `ApiAccessLogs`), so their logical ids are those of the
 * stack as first deployed. The console's sign-in has no route or throttle of
 * its own: a route-wide limit would let anyone lock everyone out, so the api
 * function holds back guessing per account and per client address instead.
 *
 * @example const front = new HttpApiFront(this, corsOrigin); ...; front.route(api);
 */
export class HttpApiFront {
  readonly httpApi: apigw.HttpApi;

  constructor(
    private readonly stack: Stack,
    corsOrigin: string | undefined,
  ) {
    this.httpApi = new apigw.HttpApi(stack, 'HttpApi', {
      description: 'Nurture engine: customers, deals, templates, previews and webhooks.',
      // The default stage is declared in `route`, with throttling the implicit one cannot take.
      createDefaultStage: false,
      ...(corsOrigin
        ? {
            corsPreflight: {
              allowOrigins: [corsOrigin],
              allowMethods: [
                apigw.CorsHttpMethod.GET,
                apigw.CorsHttpMethod.POST,
                apigw.CorsHttpMethod.PUT,
                apigw.CorsHttpMethod.PATCH,
                apigw.CorsHttpMethod.DELETE,
              ],
              allowHeaders: ['authorization', 'content-type'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
  }

  /** Sends every request to `api` through a throttled, access-logged `$default` stage. */
  route(api: NurtureFunction): HttpApiRoutes {
    const stack = this.stack;
    // `$default` catches every method and path: Hono does the routing, API Gateway only fronts it.
    const apiIntegration = new HttpLambdaIntegration('ApiIntegration', api.function);
    const defaultRoute = new apigw.HttpRoute(stack, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: apiIntegration,
    });
    const accessLogs = new logs.LogGroup(stack, 'ApiAccessLogs', {
      // Caller IPs are personal data: kept long enough to investigate abuse, no longer.
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // A ceiling against runaway callers; the backend posts in small bursts.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    return { defaultRoute, accessLogs };
  }
}
