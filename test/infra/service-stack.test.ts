/**
 * The stateless stack: functions with the project's defaults, the HTTP API over the
 * functions' routes, the table found by name (the data stack's, or a restored one the stage file
 * names), the stream consumer, least-privilege roles, alarms and outputs.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '#shared/catalogue/index';
import { filterAlternatives } from '#shared/domain/event-filter';
import { type FunctionDefinition, routeKey } from '#shared/function-definition';
import { businessMetrics } from '#shared/metrics';
import { metricsNamespace } from '#shared/settings';
import { type FunctionName, functions, routes } from '../../functions/index.ts';
import type { DeploymentConfig } from '../../infra/config.ts';
import { keptStageFile, removeStageFiles, stageFiles, synthesise } from './test-app.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

const definitions = Object.entries(functions) as [FunctionName, FunctionDefinition][];
const streamConsumers = definitions.filter(([, definition]) => definition.stream);
const emailSenders = definitions.filter(([, definition]) => definition.sendsEmail);
const scheduled = definitions.filter(([, definition]) => definition.schedule);
const redrives = definitions.filter(([, definition]) => definition.redrivesFailedStreamBatches);
/** Event source mappings: one per stream consumer, one per consumer of the failed-batch queue. */
const emailEventConsumers = definitions.filter(([, definition]) => definition.emailEvents);
const mappings = streamConsumers.length + redrives.length + emailEventConsumers.length;
const readOnly = definitions.filter(
  ([, definition]) => definition.tableActions.length > 0 && definition.tableActions.every((action) => /Get|Query/.test(action)),
);

let template: Template;
let resources: Record<string, Resource>;
let config: DeploymentConfig;

afterAll(removeStageFiles);

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

function ofType(type: string, within: Record<string, Resource> = resources): [string, Resource][] {
  return Object.entries(within).filter(([, resource]) => resource.Type === type);
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

/** Every statement of the policies attached to a role. */
function statementsOfRole(roleId: string, within: Record<string, Resource> = resources): Statement[] {
  return ofType('AWS::IAM::Policy', within)
    .filter(([, policy]) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(name: FunctionName): Statement[] {
  return statementsOfRole((functionProps(name).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
}

function dynamoDbActionsOf(name: FunctionName, resourceMatches: (resource: unknown) => boolean): string[] {
  const actions = statementsOf(name)
    .filter((statement) => resourceMatches(statement.Resource))
    .flatMap((statement) => list(statement.Action))
    .filter((action) => action.startsWith('dynamodb:'));
  // A PutItem granted for writes and again for the audit log's appends is one action.
  return [...new Set(actions)].sort();
}

/** The ARN of the table named `table` (built from the stack's partition, region and account), not of its stream. */
const isArnOfTable = (table: string) => (resource: unknown) => JSON.stringify(resource).includes(`:table/${table}"`);
const isTableArn = isArnOfTable('recovery-progress-dev');
/** The stream: read at deployment (dev), or given by the stage file. */
const isStreamArn = (resource: unknown) => /Table\.LatestStreamArn|\/stream\//.test(JSON.stringify(resource));

beforeAll(() => {
  const stacks = synthesise();
  template = stacks.serviceTemplate;
  resources = template.toJSON().Resources as Record<string, Resource>;
  config = stacks.config;
});

describe('functions', () => {
  it('deploys one function per entry of the function list, plus the custom resource functions for the deploy-time seed, the stream lookup, and copying and emptying the assets bucket', () => {
    template.resourceCountIs('AWS::Lambda::Function', definitions.length + 4);
  });

  it.each(definitions)('%s runs on Node 22, arm64, traced by Lambda (active tracing), with its own log group', (name, definition) => {
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

  it.each(definitions)('%s gets the Powertools settings and the rating scale, and loads no source map', (name) => {
    const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'recovery-progress',
      POWERTOOLS_LOG_LEVEL: config.logLevel,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      RATING_SCALE: config.ratingScale,
      LATEST_UPDATES: String(config.latestUpdates),
    });
    // A map loaded at every cold start costs load time; `npm run stack-trace` maps a logged trace instead.
    expect(variables).not.toHaveProperty('NODE_OPTIONS');
    expect(variables).not.toHaveProperty('POWERTOOLS_DEV');
    expect(variables).not.toHaveProperty('POWERTOOLS_METRICS_DISABLED');
  });

  it.each(definitions)('%s is told the table name exactly when it may use the table', (name, definition) => {
    const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    if (definition.tableActions.length > 0) expect(variables.TABLE_NAME).toBe('recovery-progress-dev');
    else expect(variables).not.toHaveProperty('TABLE_NAME');
  });

  it('gives every function a role of its own, and no project role a managed policy', () => {
    const lambdaRoles = ofType('AWS::IAM::Role').filter(([, role]) =>
      JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'),
    );
    const frameworkRoles = lambdaRoles.filter(([id]) => id.includes('Provider'));
    // CDK's custom resource framework, acknowledged in the nag test, and its provider that empties the assets bucket before deletion.
    expect(frameworkRoles.map(([id]) => id.replace(/[A-F0-9]{8,}$/, '')).sort()).toEqual([
      'CustomS3AutoDeleteObjectsCustomResourceProviderRole',
      'SeedOnDeployProviderframeworkonEventServiceRole',
    ]);
    expect(lambdaRoles.filter(([id]) => id.startsWith('ProgressTableStreamLookupRole'))).toHaveLength(1);
    expect(lambdaRoles.filter(([id]) => id.startsWith('EdgeAssetsDeploymentRole'))).toHaveLength(1);
    expect(lambdaRoles).toHaveLength(definitions.length + 4);
    expect(new Set(definitions.map(([name]) => JSON.stringify(functionProps(name).Role))).size).toBe(definitions.length);
    for (const [id, role] of ofType('AWS::IAM::Role')) if (!id.includes('Provider')) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });
});

describe('the table, found by name', () => {
  it("is the data stack's own by default, its stream ARN read from DynamoDB at deployment", () => {
    // Prepare
    const [lookupId, lookup] = ofType('Custom::TableStreamArn')[0]!;
    const describeTable = {
      service: 'DynamoDB',
      action: 'DescribeTable',
      parameters: { TableName: 'recovery-progress-dev' },
      outputPaths: ['Table.LatestStreamArn'],
    };

    // Assess
    template.resourceCountIs('Custom::TableStreamArn', 1);
    expect(lookupId).toMatch(/^ProgressTableStreamLookup/);
    expect(JSON.parse(lookup.Properties.Create as string)).toMatchObject(describeTable);
    expect(JSON.parse(lookup.Properties.Update as string)).toMatchObject(describeTable);
  });

  it('reads the stream ARN with a role of its own that may describe this table and write its log group, nothing else', () => {
    // Prepare
    const roleId = ofType('AWS::IAM::Role').find(([id]) => id.startsWith('ProgressTableStreamLookupRole'))![0];
    const statements = statementsOfRole(roleId);

    // Assess
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
    expect(statements.flatMap((statement) => list(statement.Action)).sort()).toEqual(['dynamodb:DescribeTable', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(statements.find((statement) => list(statement.Action).includes('dynamodb:DescribeTable'))!.Resource).toSatisfy(isTableArn);
  });

  it('says which table the functions use', () => {
    template.hasOutput('TableInUse', { Value: 'recovery-progress-dev' });
  });
});

describe('stream event source mapping', () => {
  it('feeds each function with stream settings, and only those', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', mappings);
    expect(streamConsumers.map(([name]) => name)).toContain('summarise');
  });

  it.each(streamConsumers)('%s reads the table stream with the settings of the function list', (name, definition) => {
    const settings = definition.stream!;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(name) },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProgressTableStreamLookup'), 'Table.LatestStreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: settings.batchSize,
      MaximumBatchingWindowInSeconds: settings.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: settings.retryAttempts,
      MaximumRecordAgeInSeconds: settings.maxRecordAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FailedStreamBatches'), 'Arn'] } } },
      // One filter per alternative of a `$or`: Lambda passes a record that any of them matches.
      FilterCriteria: { Filters: filterAlternatives(settings.filter).map((pattern) => ({ Pattern: JSON.stringify(pattern) })) },
    });
  });

  it('bounds retries and record age', () => {
    for (const [, definition] of streamConsumers) {
      expect(definition.stream!.retryAttempts).toBeGreaterThanOrEqual(0);
      expect(definition.stream!.retryAttempts).toBeLessThanOrEqual(10);
      expect(definition.stream!.maxRecordAgeSeconds).toBeLessThanOrEqual(86_400);
    }
  });

  it('names the batches that fail every retry in an encrypted queue that refuses plain HTTP, then in the dead-letter queue', () => {
    // With the dead-letter queue and SES's events queue (email-and-domain.test.ts).
    template.resourceCountIs('AWS::SQS::Queue', 3);
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    // Tried again every 15 minutes for the 24 hours the stream keeps the records.
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 900,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeadLetterQueue'), 'Arn'] }, maxReceiveCount: 96 },
    });
    expect(ofType('AWS::SQS::QueuePolicy')).toHaveLength(3);
    for (const [, policy] of ofType('AWS::SQS::QueuePolicy')) {
      expect((policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement).toEqual(
        expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      );
    }
  });

  it.each(redrives)('%s consumes the failed batches one message at a time, reporting each failure', (name) => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(name) },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FailedStreamBatches'), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it.each(redrives)('%s may invoke the stream consumers and no other function', (name) => {
    const resources = statementsOf(name)
      .filter((statement) => list(statement.Action).includes('lambda:InvokeFunction'))
      .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]));
    // Each resource is a function's ARN, or that ARN with `:*` for its versions.
    const targets = new Set(resources.map((resource) => JSON.stringify(resource).match(/"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/)?.[1]));
    expect(resources.length).toBeGreaterThan(0);
    expect([...targets].sort()).toEqual(streamConsumers.map(([consumer]) => logicalIdOf(consumer)).sort());
  });
});

describe('the redrive’s view of the consumers', () => {
  it.each(redrives)('%s gets each stream consumer’s event filter under its deployed name, the one its mapping applies', (name) => {
    // Prepare: the setting is JSON joined around the consumers' names, which are references.
    const setting = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables.STREAM_CONSUMER_FILTERS as {
      'Fn::Join': [string, (string | { Ref: string })[]];
    };
    const nameOf = new Map(streamConsumers.map(([consumer]) => [logicalIdOf(consumer), consumer]));
    const filters = JSON.parse(setting['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : nameOf.get(part.Ref))).join('')) as Record<
      string,
      unknown
    >;

    // Assess
    expect(filters).toEqual(Object.fromEntries(streamConsumers.map(([consumer, definition]) => [consumer, definition.stream!.filter])));
    for (const [consumer, definition] of streamConsumers) {
      const [, mapping] = ofType('AWS::Lambda::EventSourceMapping').find(([, candidate]) =>
        JSON.stringify(candidate.Properties.FunctionName).includes(logicalIdOf(consumer)),
      )!;
      const { Filters } = mapping.Properties.FilterCriteria as { Filters: { Pattern: string }[] };
      expect(Filters.map((filter) => JSON.parse(filter.Pattern))).toEqual(filterAlternatives(definition.stream!.filter));
    }
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
    // PutItem appears twice for a function with create partitions: in its writes and in its creates.
    expect([...new Set(dynamoDbActionsOf(name, isTableArn))]).toEqual([...definition.tableActions].sort());
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
    const creating = tableStatements.filter((statement) => statement.Sid === 'TableCreates');
    const writing = tableStatements.filter(
      (statement) => statement.Sid !== 'TableCreates' && list(statement.Action).some((action) => /Put|Update|Delete/.test(action)),
    );

    // Assess: create partitions get PutItem alone, in a statement of their own.
    const creates = (functions[name] as FunctionDefinition).createPartitions;
    expect(creating).toEqual(
      creates
        ? [expect.objectContaining({ Action: 'dynamodb:PutItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...creates] } } })]
        : [],
    );
    expect(writing).toHaveLength(1);
    expect(writing[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions } });
    expect(list(writing[0]!.Action).every((action) => /Put|Update|Delete/.test(action))).toBe(true);
    // Only the write path may write an update, and the correction of one (an update of its own).
    const writesUpdates = partitions.some((partition) => new RegExp(`^${partition.replace('*', '.*')}$`).test('PRIORITY#jobs-and-training'));
    expect(writesUpdates).toBe(name === 'record-update' || name === 'correct-update');
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

  it('lets only stream consumers and the redrive read the stream', () => {
    for (const [name, definition] of definitions) {
      const streamActions = dynamoDbActionsOf(name, isStreamArn);
      const readsStream = definition.stream || definition.redrivesFailedStreamBatches;
      expect(streamActions).toEqual(readsStream ? ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'] : []);
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
      Dimensions: [{ Name: 'ses:configuration-set', Value: { Ref: Match.stringLikeRegexp('^EmailConfigurationSet') } }],
      Threshold: 0.05,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each(emailSenders)('%s gets the email settings, with links to the API and the programme’s name from its catalogue entry', (name) => {
    const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({
      SENDER_ADDRESS: config.senderAddress,
      PROGRAMME_NAME: catalogue(config.programme).name,
      REPORTING_PERIOD: config.reportingPeriod,
      STALE_AFTER_DAYS: String(config.staleAfterDays),
      ESCALATE_AFTER_WORKING_DAYS: String(config.escalateAfterWorkingDays),
    });
    expect(JSON.stringify(variables.PUBLIC_BASE_URL)).toMatch(/https:\/\/.*EdgeDistribution/);
  });

  it('gives no other function SES permissions or email settings', () => {
    for (const [name, definition] of definitions.filter(([, candidate]) => !candidate.sendsEmail)) {
      expect(
        statementsOf(name)
          .flatMap((statement) => list(statement.Action))
          .filter((action) => action.startsWith('ses:')),
      ).toEqual([]);
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
    const framework = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('SeedOnDeployProvider'))!;
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
    // Errors and throttles per function, iterator age per consumer, failed stream batches, dead letters, SES events' age, API 5xx rate, reconcile repairs, email bounce and complaint rates.
    expect(alarms).toHaveLength(2 * definitions.length + streamConsumers.length + 7);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
    }
  });

  it.each([
    ['the dead-letter queue has messages', 'dead-letters', 'DeadLetterQueue'],
    ['a stream batch failed every retry', 'failed-stream-batches', 'FailedStreamBatches'],
  ])('alarms when %s', (_when, alarm, queue) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...alarmNamed(alarm),
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${queue}`), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('names the reconcile function for npm run reconcile -- --stage', () => {
    template.hasOutput('ReconcileFunctionName', { Value: { Ref: logicalIdOf('reconcile') } });
  });

  it('alarms when reconcile repairs anything', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...alarmNamed('reconcile-repairs'),
      Namespace: 'RecoveryProgress',
      MetricName: 'RecordsReconciled',
      Dimensions: [{ Name: 'service', Value: 'recovery-progress' }],
      Statistic: 'Sum',
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
        Match.objectLike({
          Id: 'serverErrors',
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' }) }),
        }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Count', Namespace: 'AWS/ApiGateway' }) }) }),
      ]),
    });
  });

  it('encrypts the topic with a rotated key CloudWatch may use, and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('TopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]),
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

describe('operations dashboard', () => {
  type Part = string | { Ref: string } | { 'Fn::GetAtt': [string, string] };
  interface Widget {
    properties: { title?: string; metrics?: unknown[][] };
  }

  /** The body CloudWatch gets, each reference written as `<logical id>` or `<logical id.Attribute>`. */
  function dashboardBody(): { widgets: Widget[] } {
    const [[, dashboard]] = ofType('AWS::CloudWatch::Dashboard') as [[string, Resource]];
    const body = dashboard.Properties.DashboardBody as string | { 'Fn::Join': [string, Part[]] };
    const parts = typeof body === 'string' ? [body] : body['Fn::Join'][1];
    return JSON.parse(
      parts.map((part) => (typeof part === 'string' ? part : 'Ref' in part ? `<${part.Ref}>` : `<${part['Fn::GetAtt'].join('.')}>`)).join(''),
    ) as {
      widgets: Widget[];
    };
  }

  /** Every metric of every graph, without its display options: namespace, name, then dimension names and values. */
  function graphedMetrics(): string[][] {
    return dashboardBody().widgets.flatMap((widget) =>
      (widget.properties.metrics ?? []).map((metric) => metric.filter((part): part is string => typeof part === 'string')),
    );
  }

  it('is one dashboard, named after the stage', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'recovery-progress-dev' });
    template.hasOutput('DashboardUrl', { Value: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^OperationsDashboard') }])] } });
  });

  it.each(Object.keys(businessMetrics))('graphs the business metric %s in the project’s namespace, by the functions’ service name', (name) => {
    expect(graphedMetrics()).toContainEqual([metricsNamespace, name, 'service', 'recovery-progress']);
  });

  it.each(definitions)('graphs the errors, throttles and duration of %s', (name) => {
    const metrics = graphedMetrics();
    for (const metric of ['Errors', 'Throttles', 'Duration']) expect(metrics).toContainEqual(['AWS/Lambda', metric, 'FunctionName', `<${logicalIdOf(name)}>`]);
  });

  it('graphs the API’s 5xx answers, how far behind the stream each consumer is, and the dead-letter queue’s depth', () => {
    const metrics = graphedMetrics();
    expect(metrics).toContainEqual(['AWS/ApiGateway', '5xx', 'ApiId', expect.stringMatching(/^<ApiHttpApi/)]);
    for (const [name] of streamConsumers) expect(metrics).toContainEqual(['AWS/Lambda', 'IteratorAge', 'FunctionName', `<${logicalIdOf(name)}>`]);
    expect(metrics).toContainEqual(['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', expect.stringMatching(/^<DeadLetterQueue\w+\.QueueName>$/)]);
  });
});

describe('outputs', () => {
  it('publishes the API URL and the dead-letter queue URL', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', Match.arrayWith(['https://', { Ref: Match.stringLikeRegexp('^ApiHttpApi') }])] } });
    template.hasOutput('DlqUrl', { Value: { Ref: Match.stringLikeRegexp('^DeadLetterQueue') } });
  });
});

describe('a kept stage with context overrides', () => {
  let overridden: Template;

  beforeAll(() => {
    overridden = synthesise(
      {
        stage: 'prod',
        alarmEmail: 'operations@example.org',
        throttlingRateLimit: '5',
        throttlingBurstLimit: '10',
        ratingScale: 'three-point',
        logRetentionDays: '365',
      },
      { stagesDirectory: stageFiles({ prod: keptStageFile() }) },
    ).serviceTemplate;
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

  it('keeps the dead-letter queue and logs when the stack is deleted', () => {
    overridden.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    overridden.allResources('AWS::SQS::Queue', { DeletionPolicy: 'Retain' });
  });
});

describe('a throw-away stage (dev)', () => {
  it('deletes the dead-letter queue and logs with the stack', () => {
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    template.allResources('AWS::SQS::Queue', { DeletionPolicy: 'Delete' });
  });
});

describe('a restored table named in the stage file', () => {
  const restored = 'recovery-progress-prod-restored-20260301';
  const streamArn = `arn:aws:dynamodb:eu-west-2:123456789012:table/${restored}/stream/2026-03-01T10:15:00.000`;
  let restoredResources: Record<string, Resource>;
  let restoredTemplate: Template;

  beforeAll(() => {
    restoredTemplate = synthesise(
      { stage: 'prod' },
      { stagesDirectory: stageFiles({ prod: { ...keptStageFile(), table: { name: restored, streamArn } } }) },
    ).serviceTemplate;
    restoredResources = restoredTemplate.toJSON().Resources as Record<string, Resource>;
  });

  /** The statements of every project function's role (the ones with a TABLE_NAME). */
  function tableStatements(): Statement[] {
    return ofType('AWS::Lambda::Function', restoredResources)
      .filter(([, fn]) => (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.TABLE_NAME !== undefined)
      .flatMap(([, fn]) => statementsOfRole((fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0], restoredResources));
  }

  it('is what every function is told to use', () => {
    const named = ofType('AWS::Lambda::Function', restoredResources)
      .map(([, fn]) => (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.TABLE_NAME)
      .filter((value) => value !== undefined);
    expect(named.length).toBe(definitions.filter(([, definition]) => definition.tableActions.length > 0).length);
    expect(new Set(named)).toEqual(new Set([restored]));
    restoredTemplate.hasOutput('TableInUse', { Value: restored });
  });

  it('feeds the stream consumers from its stream, with no lookup', () => {
    restoredTemplate.resourceCountIs('Custom::TableStreamArn', 0);
    const fromStream = Object.values(restoredTemplate.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => mapping.Properties.StartingPosition,
    );
    expect(fromStream).toHaveLength(streamConsumers.length);
    for (const mapping of fromStream) expect(mapping.Properties.EventSourceArn).toBe(streamArn);
  });

  it('is granted on its own ARN, with the same partition conditions, and its stream to the consumers only', () => {
    // Prepare
    const statements = tableStatements();
    const onTable = statements.filter((statement) => isArnOfTable(restored)(statement.Resource));
    const onStream = statements.filter((statement) => statement.Resource === streamArn);

    // Assess
    expect(onTable.length).toBeGreaterThan(0);
    expect(statements.filter((statement) => isArnOfTable('recovery-progress-prod')(statement.Resource))).toEqual([]);
    const conditions = onTable.filter((statement) => statement.Condition).map((statement) => statement.Condition);
    // One conditioned statement for each function's reads, one for its writes and one for its audit appends, as on the stage's own table.
    const writers = definitions.filter(([, definition]) => definition.tableActions.some((action) => /Put|Update|Delete/.test(action))).length;
    const readers = definitions.filter(([, definition]) => definition.tableActions.some((action) => /Get|Query/.test(action))).length;
    const creators = definitions.filter(([, definition]) => definition.createPartitions).length;
    expect(conditions.length).toBe(writers + readers + creators);
    for (const condition of conditions) expect(condition).toHaveProperty(['ForAllValues:StringLike', 'dynamodb:LeadingKeys']);
    expect(onStream.flatMap((statement) => list(statement.Action)).sort()).toEqual(
      streamConsumers.flatMap(() => ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']).sort(),
    );
  });
});
