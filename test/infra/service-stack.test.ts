/**
 * The stateless stack: functions with the project's defaults, the HTTP API over the shared
 * route table, the stream consumer, least-privilege roles, alarms and outputs.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, routeKey, routes, type FunctionDefinition, type FunctionName } from '#shared/functions';
import type { DeploymentConfig } from '../../infra/config.ts';
import { synthesise } from './test-app.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

const definitions = Object.entries(functions) as [FunctionName, FunctionDefinition][];
const streamConsumers = definitions.filter(([, definition]) => definition.stream);
const emailSenders = definitions.filter(([, definition]) => definition.sendsEmail);
const scheduled = definitions.filter(([, definition]) => definition.schedule);
const readOnly = definitions.filter(([, definition]) => definition.tableActions.length > 0 && definition.tableActions.every((action) => /Get|Query/.test(action)));

let template: Template;
let resources: Record<string, Resource>;
let config: DeploymentConfig;

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** Functions are told apart by their description, which the function list makes unique. */
function logicalIdOf(name: FunctionName): string {
  const found = ofType('AWS::Lambda::Function').find(([, fn]) => fn.Properties.Description === functions[name].description);
  if (!found) throw new Error(`No function for ${name}`);
  return found[0];
}

function functionProps(name: FunctionName): Record<string, unknown> {
  return resources[logicalIdOf(name)]!.Properties;
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(name: FunctionName): Statement[] {
  const roleId = (functionProps(name).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function dynamoDbActionsOf(name: FunctionName, resourceMatches: (resource: unknown) => boolean): string[] {
  return statementsOf(name)
    .filter((statement) => resourceMatches(statement.Resource))
    .flatMap((statement) => list(statement.Action))
    .filter((action) => action.startsWith('dynamodb:'))
    .sort();
}

const isTableArn = (resource: unknown) => JSON.stringify(resource).includes('ProgressTable') && !JSON.stringify(resource).includes('StreamArn');

beforeAll(() => {
  const stacks = synthesise();
  template = stacks.serviceTemplate;
  resources = template.toJSON().Resources as Record<string, Resource>;
  config = stacks.config;
});

describe('functions', () => {
  it('deploys one function per entry of the function list, plus the custom resource framework for the deploy-time seed', () => {
    template.resourceCountIs('AWS::Lambda::Function', definitions.length + 1);
  });

  it.each(definitions)('%s runs on Node 22, arm64, traced, with its own log group', (name, definition) => {
    const props = functionProps(name);
    expect(props).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      MemorySize: definition.memoryMb ?? 256,
      Timeout: definition.timeoutSeconds ?? 10,
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
    });
    const logGroupId = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: config.logRetentionDays } });
  });

  it.each(definitions)('%s gets the Powertools settings, the rating scale and source maps', (name) => {
    const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'recovery-progress',
      POWERTOOLS_LOG_LEVEL: config.logLevel,
      RATING_SCALE: config.ratingScale,
      LATEST_UPDATES: String(config.latestUpdates),
      NODE_OPTIONS: '--enable-source-maps',
    });
    expect(variables).not.toHaveProperty('POWERTOOLS_DEV');
  });

  it.each(definitions)('%s is told the table name exactly when it may use the table', (name, definition) => {
    const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    if (definition.tableActions.length > 0) expect(JSON.stringify(variables.TABLE_NAME)).toContain('ProgressTable');
    else expect(variables).not.toHaveProperty('TABLE_NAME');
  });

  it('gives every function a role of its own, and no project role a managed policy', () => {
    const lambdaRoles = ofType('AWS::IAM::Role').filter(([, role]) => JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'));
    const frameworkRoles = lambdaRoles.filter(([id]) => id.includes('Provider'));
    expect(frameworkRoles).toHaveLength(1); // CDK's custom resource framework, acknowledged in the nag test
    expect(lambdaRoles).toHaveLength(definitions.length + 1);
    expect(new Set(definitions.map(([name]) => JSON.stringify(functionProps(name).Role))).size).toBe(definitions.length);
    for (const [id, role] of ofType('AWS::IAM::Role')) if (!id.includes('Provider')) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });
});

describe('stream event source mapping', () => {
  it('feeds each function with stream settings, and only those', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', streamConsumers.length);
    expect(streamConsumers.map(([name]) => name)).toContain('summarise');
  });

  it.each(streamConsumers)('%s reads the table stream with the settings of the function list', (name, definition) => {
    const settings = definition.stream!;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(name) },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('ProgressTable.*StreamArn') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: settings.batchSize,
      MaximumBatchingWindowInSeconds: settings.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: settings.retryAttempts,
      MaximumRecordAgeInSeconds: settings.maxRecordAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeadLetterQueue'), 'Arn'] } } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(settings.filter) }] },
    });
  });

  it('bounds retries and record age', () => {
    for (const [, definition] of streamConsumers) {
      expect(definition.stream!.retryAttempts).toBeGreaterThanOrEqual(0);
      expect(definition.stream!.retryAttempts).toBeLessThanOrEqual(10);
      expect(definition.stream!.maxRecordAgeSeconds).toBeLessThanOrEqual(86_400);
    }
  });

  it('sends records that fail every retry to an encrypted dead-letter queue that refuses plain HTTP', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('HTTP API', () => {
  it('has one route per entry of the route table and no other', () => {
    // Act
    const deployed = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey as string);

    // Assess
    expect(deployed.sort()).toEqual(routes.map(routeKey).sort());
  });

  it.each(routes.map((route) => [routeKey(route), route.function] as const))('%s goes to %s with payload format 2.0', (key, name) => {
    // Prepare
    const [, route] = ofType('AWS::ApiGatewayV2::Route').find(([, candidate]) => candidate.Properties.RouteKey === key)!;
    const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)![1]!;
    const integration = resources[integrationId]!;

    // Assess
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalIdOf(name), 'Arn'] },
    });
    expect(route.Properties.AuthorizationType).toBe('NONE');
  });

  it('has no CORS configuration: no page calls it from another origin', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', CorsConfiguration: Match.absent() });
  });

  it('throttles the default stage and writes access logs', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: config.throttlingRateLimit, ThrottlingBurstLimit: config.throttlingBurstLimit },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId.*\\$context\\.status'),
      },
    });
  });
});

describe('least privilege', () => {
  it('has no IAM statement with dynamodb:* or a bare *', () => {
    const everyAction = ofType('AWS::IAM::Policy')
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .flatMap((statement) => list(statement.Action));
    expect(everyAction.length).toBeGreaterThan(0);
    expect(everyAction).not.toContain('dynamodb:*');
    expect(everyAction).not.toContain('*');
  });

  it.each(definitions)('%s holds exactly the table actions of the function list, on the table only', (name, definition) => {
    expect(dynamoDbActionsOf(name, isTableArn)).toEqual([...definition.tableActions].sort());
  });

  it('lets only stream consumers write to the dead-letter queue, besides the schedules', () => {
    for (const [name, definition] of definitions) {
      const sends = statementsOf(name).some((statement) => list(statement.Action).includes('sqs:SendMessage'));
      expect(sends).toBe(Boolean(definition.stream));
    }
  });

  it('grants "*" resources only for actions IAM cannot scope: X-Ray and ListStreams', () => {
    for (const [name] of definitions) {
      const unscoped = statementsOf(name)
        .filter((statement) => statement.Resource === '*')
        .flatMap((statement) => list(statement.Action));
      for (const action of unscoped) expect(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams']).toContain(action);
    }
  });

  it.each(readOnly)('%s, a read function, cannot write to the table', (name) => {
    const actions = statementsOf(name)
      .flatMap((statement) => list(statement.Action))
      .filter((action) => action.startsWith('dynamodb:'));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => /Put|Update|Delete|Write/.test(action))).toEqual([]);
  });

  const writers = definitions.filter(([, definition]) => definition.tableActions.some((action) => /Put|Update|Delete/.test(action)));

  it('declares the partitions of every function that writes', () => {
    expect(writers.length).toBeGreaterThan(0);
    for (const [name, definition] of writers) expect(definition.writePartitions, name).toBeDefined();
  });

  it.each(writers.map(([name, definition]) => [name, definition.writePartitions ?? []] as const))('lets %s write only in %j', (name, partitions) => {
    // Prepare
    const tableStatements = statementsOf(name).filter((statement) => isTableArn(statement.Resource));
    const writing = tableStatements.filter((statement) => list(statement.Action).some((action) => /Put|Update|Delete/.test(action)));

    // Assess
    expect(writing).toHaveLength(1);
    expect(writing[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions } });
    expect(list(writing[0]!.Action).every((action) => /Put|Update|Delete/.test(action))).toBe(true);
    // Only the write path may write an update.
    const writesUpdates = partitions.some((partition) => new RegExp(`^${partition.replace('*', '.*')}$`).test('PRIORITY#jobs-and-training'));
    expect(writesUpdates).toBe(name === 'record-update');
  });

  it('leaves no stream consumer with unconditioned write access', () => {
    for (const [name] of streamConsumers) {
      const unconditionedWrites = statementsOf(name)
        .filter((statement) => isTableArn(statement.Resource) && !statement.Condition)
        .flatMap((statement) => list(statement.Action))
        .filter((action) => /Put|Update|Delete/.test(action));
      expect(unconditionedWrites, name).toEqual([]);
    }
  });

  it('lets only stream consumers read the stream', () => {
    for (const [name, definition] of definitions) {
      const streamActions = dynamoDbActionsOf(name, (resource) => JSON.stringify(resource).includes('StreamArn'));
      expect(streamActions).toEqual(definition.stream ? ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'] : []);
    }
  });
});

describe('email', () => {
  it.each(emailSenders)('%s may send only from the configured sender address', (name) => {
    const sesStatements = statementsOf(name).filter((statement) => list(statement.Action).some((action) => action.startsWith('ses:')));
    expect(sesStatements).toEqual([
      expect.objectContaining({
        Action: 'ses:SendEmail',
        Condition: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
      }),
    ]);
    expect(JSON.stringify(sesStatements[0]!.Resource)).toContain(':identity/*');
    // Through this stack's configuration set only.
    expect(JSON.stringify(sesStatements[0]!.Resource)).toMatch(/configuration-set\/.*EmailConfigurationSet/);
  });

  it('creates the sender identity, tied to a configuration set that suppresses bounces and complaints', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: config.senderAddress,
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp('^EmailConfigurationSet') } },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it.each(emailSenders)('%s sends through the configuration set', (name) => {
    const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.SES_CONFIGURATION_SET).toEqual({ Ref: expect.stringMatching(/^EmailConfigurationSet/) });
  });

  it('alarms when the bounce rate nears the level at which SES acts', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each(emailSenders)('%s gets the email settings, with links to the API', (name) => {
    const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({
      SENDER_ADDRESS: config.senderAddress,
      REPORTING_PERIOD: config.reportingPeriod,
      STALE_AFTER_DAYS: String(config.staleAfterDays),
    });
    expect(JSON.stringify(variables.PUBLIC_BASE_URL)).toMatch(/https:\/\/.*ApiHttpApi/);
  });

  it('gives no other function SES permissions or email settings', () => {
    for (const [name, definition] of definitions.filter(([, candidate]) => !candidate.sendsEmail)) {
      expect(statementsOf(name).flatMap((statement) => list(statement.Action)).filter((action) => action.startsWith('ses:'))).toEqual([]);
      expect((functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables).not.toHaveProperty('SENDER_ADDRESS');
      expect(definition.sendsEmail).toBeFalsy();
    }
  });
});

describe('deploy-time seed', () => {
  it('loads the configured catalogue and board recipients through the seed function on every deployment', () => {
    template.resourceCountIs('Custom::CatalogueSeed', 1);
    template.hasResourceProperties('Custom::CatalogueSeed', {
      programme: config.programme,
      boardRecipients: config.boardRecipients,
      catalogueVersion: Match.stringLikeRegexp('^[a-f0-9]{64}$'),
    });
    // The framework invokes the seed function and nothing else.
    const framework = ofType('AWS::Lambda::Function').find(([id]) => id.includes('Provider'))!;
    expect(JSON.stringify(framework[1].Properties.Environment)).toContain(logicalIdOf('seed'));
  });
});

describe('schedules', () => {
  it('has one schedule per scheduled function', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', scheduled.length);
  });

  it.each(scheduled)('invokes %s on its cron in its time zone, with the scheduled time, retries bounded', (name, definition) => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: definition.schedule!.cron,
      ScheduleExpressionTimezone: definition.schedule!.timezone,
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalIdOf(name), 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeadLetterQueue'), 'Arn'] } },
        RoleArn: Match.anyValue(),
      },
    });
  });
});

describe('alarms', () => {
  const alarmNamed = (suffix: string) => ({ AlarmName: `recovery-progress-dev-${suffix}` });

  it('sends every alarm, and its recovery, to the alarm topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    // Errors and throttles per function, iterator age per consumer, dead letters, API 5xx rate, email bounce rate.
    expect(alarms).toHaveLength(2 * definitions.length + streamConsumers.length + 3);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
    }
  });

  it('alarms when the dead-letter queue has messages', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...alarmNamed('dead-letters'),
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeadLetterQueue'), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it.each(streamConsumers)('alarms when %s is more than 60 s behind the stream', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...alarmNamed(`${name}-iterator-age`),
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(name) } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 60_000,
    });
  });

  it.each(definitions)('alarms on errors and throttles of %s', (name) => {
    for (const [suffix, metric] of [
      ['errors', 'Errors'],
      ['throttles', 'Throttles'],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...alarmNamed(`${name}-${suffix}`),
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Statistic: 'Sum',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(name) } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });

  it('alarms on the share of API requests answered with a 5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...alarmNamed('api-5xx-rate'),
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests > 0, 100 * serverErrors / requests, 0)' }),
        Match.objectLike({ Id: 'serverErrors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' }) }) }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Count', Namespace: 'AWS/ApiGateway' }) }) }),
      ]),
    });
  });

  it('encrypts the topic with a rotated key CloudWatch may use, and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('TopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('subscribes no one unless alarmEmail is given', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('outputs', () => {
  it('publishes the API URL and the dead-letter queue URL', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', Match.arrayWith(['https://', { Ref: Match.stringLikeRegexp('^ApiHttpApi') }])] } });
    template.hasOutput('DlqUrl', { Value: { Ref: Match.stringLikeRegexp('^DeadLetterQueue') } });
  });
});

describe('with context overrides', () => {
  let overridden: Template;

  beforeAll(() => {
    overridden = synthesise({
      stage: 'prod',
      alarmEmail: 'operations@example.org',
      throttlingRateLimit: '5',
      throttlingBurstLimit: '10',
      ratingScale: 'three-point',
      logRetentionDays: '365',
      removalPolicy: 'destroy',
    }).serviceTemplate;
  });

  it('subscribes alarmEmail to the alarm topic', () => {
    overridden.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'operations@example.org' });
  });

  it('takes throttling, rating scale, log retention and alarm names from context', () => {
    overridden.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } });
    overridden.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ RATING_SCALE: 'three-point' }) },
    });
    overridden.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    overridden.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'recovery-progress-prod-summarise-errors' });
  });

  it('deletes the dead-letter queue and logs with a disposable stage', () => {
    overridden.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    overridden.allResources('AWS::SQS::Queue', { DeletionPolicy: 'Delete' });
  });
});
