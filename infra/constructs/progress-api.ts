/**
 * The HTTP API: one route per route of the functions' definitions (the same routes the local
 * server serves), each to its function with payload format 2.0, and nothing else. The
 * default stage is throttled and writes an access log line per request.
 *
 * No CORS: every page is served through the same CloudFront distribution as its assets, so no
 * browser makes cross-origin calls. People reach the API through that distribution
 * (edge-distribution.ts), which also carries the custom domain; its own URL refuses them.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Route } from '#shared/function-definition';
import type { FunctionName } from '../../functions/index.ts';
import type { DeploymentConfig } from '../config.ts';

export interface ProgressApiProps {
  config: Pick<DeploymentConfig, 'throttlingRateLimit' | 'throttlingBurstLimit' | 'logRetentionDays' | 'removalPolicy'>;
}

/** HTTP API access log variables: enough to find a request in the function logs and see its outcome. */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
};

export class ProgressApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, { config }: ProgressApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Progress updates of the recovery programme',
      // The default stage is made below, where throttling and access logs can be set.
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as RetentionDays,
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttlingRateLimit, burstLimit: config.throttlingBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });
  }

  /** One route per entry of the route table, each to its function; one integration per function, however many routes it serves. */
  addRoutes(routes: readonly Route<FunctionName>[], functions: ReadonlyMap<FunctionName, IFunction>): void {
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      const handler = functions.get(route.function);
      if (!handler) throw new Error(`Route ${route.method} ${route.path} names function "${route.function}", which is not deployed.`);
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}-integration`, handler, {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        });
        integrations.set(route.function, integration);
      }
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    }
  }
}
