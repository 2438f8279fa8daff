import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_FORMAT } from '../../infra/http-api';
import type { Json } from './helpers';
import { synthesize } from './helpers';

describe('HTTP API access logs', () => {
  const { stack, template } = synthesize();
  const stage = () =>
    Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties as Json;

  it('writes one JSON line per request to a log group kept for three months', () => {
    const logGroup = stack.getLogicalId(stack.accessLogs.node.defaultChild as never);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    expect(template.toJSON().Resources[logGroup].Properties).toEqual({ RetentionInDays: 90 });
    const settings = stage().AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroup, 'Arn'] });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
    expect(format).toEqual(ACCESS_LOG_FORMAT);
  });

  it('never logs request or response bodies, headers or caller identities beyond the IP', () => {
    const format = (stage().AccessLogSettings as { Format: string }).Format;
    expect(format).not.toMatch(/body|header|authorizer|\$input|requestOverride|responseOverride/i);
  });
});

describe('HTTP API CORS', () => {
  const cors = (extra: Parameters<typeof synthesize>[0]) =>
    (Object.values(synthesize(extra).template.findResources('AWS::ApiGatewayV2::Api'))[0]!.Properties as Json)
      .CorsConfiguration as Json | undefined;

  it('allows the console origin from context, for the methods and headers the API takes', () => {
    expect(cors({ consoleOrigin: 'https://console.acme.example' })).toEqual({
      AllowOrigins: ['https://console.acme.example'],
      AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      AllowHeaders: ['authorization', 'content-type'],
      MaxAge: 3600,
    });
  });

  it("otherwise allows the public URL's origin, where the console is served", () => {
    expect(cors({ publicUrl: 'https://nurture.acme.example/base/' })).toMatchObject({
      AllowOrigins: ['https://nurture.acme.example'],
    });
    expect(
      cors({ publicUrl: 'https://nurture.acme.example', consoleOrigin: 'https://console.acme.example' }),
    ).toMatchObject({ AllowOrigins: ['https://console.acme.example'] });
  });

  it('adds no CORS for a console on the API endpoint itself, which is same-origin', () => {
    expect(cors({})).toBeUndefined();
  });

  it('refuses a console origin that is not an origin', () => {
    expect(() => synthesize({ consoleOrigin: 'https://console.acme.example/' })).toThrow(/consoleOrigin/);
    expect(() => synthesize({ consoleOrigin: 'console.acme.example' })).toThrow(/consoleOrigin/);
    expect(() => synthesize({ consoleOrigin: '*' })).toThrow(/consoleOrigin/);
  });
});

describe('HTTP API stage', () => {
  it('keeps throttling alongside access logging', () => {
    synthesize().template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ Format: Match.anyValue() }),
    });
  });
});
