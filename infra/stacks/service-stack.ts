/**
 * The stateless stack: one function per definition in functions/, the HTTP API over their
 * routes and the CloudFront distribution in front of it with the pages' assets, the stream consumers and schedules with their dead-letter queue, the alarms and the
 * operations dashboard. It finds its table by name (the data stack's, or the one the stage
 * file names after a restore), never through an export, so replacing anything here leaves the
 * data alone and the table can be switched by a setting.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { catalogue } from '#shared/catalogue/index';
import type { FunctionDefinition } from '#shared/function-definition';
import type { SettingName } from '#shared/settings';
import { type FunctionName, functions, routes, streamConsumerFilters } from '../../functions/index.ts';
import type { DeploymentConfig } from '../config.ts';
import { DeploySeed } from '../constructs/deploy-seed.ts';
import { EdgeDistribution } from '../constructs/edge-distribution.ts';
import { EmailSending } from '../constructs/email-sending.ts';
import { OperationalAlarms } from '../constructs/operational-alarms.ts';
import { OperationsDashboard } from '../constructs/operations-dashboard.ts';
import { ProgressApi } from '../constructs/progress-api.ts';
import { functionDefaults, ProjectFunction } from '../constructs/project-function.ts';
import { ScheduledInvocation } from '../constructs/scheduled-invocation.ts';
import { consumeTableStream } from '../constructs/stream-consumer.ts';
import { grantTableAccess } from '../constructs/table-access.ts';
import { TableReference } from '../constructs/table-reference.ts';
import { outputKeys, projectName } from '../naming.ts';

/** How long a failed stream batch waits before the redrive tries it again. */
const redriveInterval = Duration.minutes(15);

export interface ServiceStackProps extends StackProps {
  config: DeploymentConfig;
}

/** `record-update` → `RecordUpdate`, for construct ids. */
function constructId(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}

export class ServiceStack extends Stack {
  readonly functions = new Map<FunctionName, ProjectFunction>();
  /** The table the functions use, with its stream. */
  readonly table: ITable;
  readonly tableReference: TableReference;
  readonly api: ProgressApi;
  readonly edge: EdgeDistribution;
  readonly deadLetters: Queue;
  readonly failedStreamBatches: Queue;
  readonly alarms: OperationalAlarms;
  readonly dashboard: OperationsDashboard;
  readonly email: EmailSending | undefined;
  readonly seed: DeploySeed | undefined;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.tableReference = new TableReference(this, 'ProgressTable', { config });
    this.table = this.tableReference.table;
    const table = this.table;

    const namePrefix = `${projectName}-${config.stage}`;
    this.alarms = new OperationalAlarms(this, 'Alarms', { namePrefix, alarmEmail: config.alarmEmail });

    const removalPolicy = config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // What nothing will retry again: scheduled runs and SES events that failed every retry, and failed stream batches the redrive gave up on.
    this.deadLetters = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the last dead-letter destination; a DLQ of a DLQ adds nothing.',
    });
    // The stream consumers' on-failure destination: each message names a failed batch by shard and sequence
    // numbers (the stream keeps the records for 24 hours). The redrive function reads them back and applies
    // them again, trying every 15 minutes for as long as the stream holds them; then reconcile covers them.
    this.failedStreamBatches = new Queue(this, 'FailedStreamBatches', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: redriveInterval,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: Math.ceil(Duration.hours(24).toMinutes() / redriveInterval.toMinutes()) },
      removalPolicy,
    });
    this.alarms.watchFailedStreamBatches(this.failedStreamBatches);
    this.alarms.watchDeadLetters(this.deadLetters);

    // The API and its distribution exist before the functions so that emails can link to it.
    this.api = new ProgressApi(this, 'Api', { config });
    this.edge = new EdgeDistribution(this, 'Edge', { config, api: this.api.api });
    const publicBaseUrl = this.edge.publicUrl;
    const definitionsList = Object.entries(functions) as [FunctionName, FunctionDefinition][];
    this.email = definitionsList.some(([, definition]) => definition.sendsEmail) ? new EmailSending(this, 'Email', { config }) : undefined;
    if (this.email) this.alarms.watchEmail(this.email.configurationSet.configurationSetName);
    let seed: DeploySeed | undefined;
    const settings: { [K in SettingName]?: string | number } = {
      TABLE_NAME: table.tableName,
      RATING_SCALE: config.ratingScale,
      REPORTING_PERIOD: config.reportingPeriod,
      STALE_AFTER_DAYS: config.staleAfterDays,
      ESCALATE_AFTER_WORKING_DAYS: config.escalateAfterWorkingDays,
      LATEST_UPDATES: config.latestUpdates,
      CORRECTION_WINDOW_DAYS: config.correctionWindowDays,
      MEASURE_TOLERANCE_PERCENT: config.measureTolerancePercent,
      LINK_TOKEN_DAYS: config.linkTokenDays,
      SENDER_ADDRESS: config.senderAddress,
      ORGANISATION_NAME: config.organisationName,
      DATA_PROTECTION_EMAIL: config.dataProtectionEmail,
      ACCESSIBILITY_EMAIL: config.accessibilityEmail,
      LOG_RETENTION_DAYS: config.logRetentionDays,
      PUBLIC_BASE_URL: publicBaseUrl,
      ORIGIN_SECRET: this.edge.originSecret.secretValue.unsafeUnwrap(),
      PROGRAMME_NAME: catalogue(config.programme).name,
      ...(this.email ? { SES_CONFIGURATION_SET: this.email.configurationSet.configurationSetName } : {}),
    };

    for (const [name, definition] of definitionsList) {
      const deployed = new ProjectFunction(this, constructId(name), { definition, config, settings });
      // Pages name the assets' version: no function changes before that version is in the bucket.
      deployed.function.node.addDependency(this.edge.assetsDeployment);
      this.functions.set(name, deployed);
      const unscopable = ['xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) do not support resource-level permissions'];
      if (definition.tableActions.length > 0) {
        const { tableActions: actions, readPartitions, writePartitions, createPartitions } = definition;
        grantTableAccess(deployed.function, table, { actions, readPartitions, writePartitions, createPartitions });
      }
      if (definition.stream) {
        consumeTableStream(deployed.function, table, definition.stream, this.failedStreamBatches);
        this.alarms.watchStreamConsumer(name, deployed.function);
        unscopable.push('dynamodb:ListStreams, needed by the stream event source mapping, does not support resource-level permissions');
      }
      if (definition.redrivesFailedStreamBatches) {
        deployed.function.addEventSource(new SqsEventSource(this.failedStreamBatches, { batchSize: 1, reportBatchItemFailures: true }));
        table.grantStreamRead(deployed.function);
        unscopable.push('dynamodb:ListStreams, part of reading the stream back, does not support resource-level permissions');
      }
      if (definition.runsOnDeploy) seed = new DeploySeed(this, `${constructId(name)}OnDeploy`, { fn: deployed.function, config });
      if (definition.sendsEmail && this.email) {
        this.email.grantSending(deployed.function);
        Validations.of(deployed.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]`,
          reason:
            'In the SES sandbox every recipient is an identity that IAM checks as well, so sending needs all identities of the account; the ses:FromAddress condition pins the sender to the configured address.',
        });
      }
      if (definition.emailEvents && this.email) {
        const functionTimeout = Duration.seconds(definition.timeoutSeconds ?? functionDefaults.timeoutSeconds);
        const queue = this.email.consumeEvents(deployed.function, definition.emailEvents, {
          deadLetterQueue: this.deadLetters,
          functionTimeout,
          removalPolicy,
        });
        this.alarms.watchEmailEvents(queue);
      }
      if (definition.schedule) {
        new ScheduledInvocation(this, `${constructId(name)}Schedule`, {
          fn: deployed.function,
          schedule: definition.schedule,
          description: `${definition.description} (${definition.schedule.cron}, ${definition.schedule.timezone})`,
          deadLetterQueue: this.deadLetters,
        });
      }
      this.alarms.watchFunction(name, deployed.function);
      Validations.of(deployed.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `Resource "*" only where IAM allows nothing narrower: ${unscopable.join('; ')}.`,
      });
    }

    this.seed = seed;
    this.grantRedrives();
    const lambdas = new Map<FunctionName, IFunction>([...this.functions].map(([name, deployed]) => [name, deployed.function]));
    this.api.addRoutes(routes, lambdas);
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Reads are public by design (progress is reported openly to the board); writes carry a sponsor bearer token that the record-update handler verifies against the credential in the table (a board token, for making a board pack, that board-pack-on-request verifies).',
    });
    this.alarms.watchApi(this.api.api);
    this.alarms.watchReconcileRepairs(projectName);
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      dashboardName: namePrefix,
      serviceName: projectName,
      functions: lambdas,
      streamConsumers: definitionsList.filter(([, definition]) => definition.stream).map(([name]) => name),
      api: this.api.api,
      queues: { 'failed stream batches': this.failedStreamBatches, 'dead letters': this.deadLetters },
    });

    new CfnOutput(this, outputKeys.tableInUse, {
      value: table.tableName,
      description: "The table the functions use: the data stack's, or the one the stage file names",
    });
    new CfnOutput(this, outputKeys.apiUrl, {
      value: this.api.stage.url,
      description: "The HTTP API's own URL: it refuses requests that do not come through CloudFront",
    });
    new CfnOutput(this, outputKeys.publicUrl, {
      value: this.edge.publicUrl,
      description: 'Where people reach the service, and the base of every link in emails',
    });
    if (config.apiDomain) {
      new CfnOutput(this, outputKeys.apiDomainTarget, {
        value: this.edge.distribution.distributionDomainName,
        description: `Point ${config.apiDomain.name} at this CloudFront name (alias A record, or CNAME)${this.edge.record ? '; the stack made the alias record' : ''}`,
      });
    }
    if (this.email?.mailFromDomain !== undefined) {
      this.email.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `${outputKeys.dkimRecordPrefix}${index + 1}Name`, { value: record.name, description: `Easy DKIM CNAME record ${index + 1}: name` });
        new CfnOutput(this, `${outputKeys.dkimRecordPrefix}${index + 1}Value`, {
          value: record.value,
          description: `Easy DKIM CNAME record ${index + 1}: value`,
        });
      });
      new CfnOutput(this, outputKeys.mailFromDomain, {
        value: this.email.mailFromDomain,
        description: 'MAIL FROM domain: publish the MailFromMx record and the TXT record "v=spf1 include:amazonses.com ~all" under it',
      });
      new CfnOutput(this, outputKeys.mailFromMx, {
        value: `10 feedback-smtp.${this.region}.amazonses.com`,
        description: 'The MX record of the MAIL FROM domain, in the region the stack sends from',
      });
    }
    const reconcileFunction = this.functions.get('reconcile');
    if (reconcileFunction) {
      new CfnOutput(this, outputKeys.reconcileFunction, {
        value: reconcileFunction.function.functionName,
        description: 'Invoked by npm run reconcile -- --stage <stage>',
      });
    }
    const boardPackFunction = this.functions.get('board-pack-on-schedule');
    if (boardPackFunction) {
      new CfnOutput(this, outputKeys.boardPackFunction, {
        value: boardPackFunction.function.functionName,
        description: 'Invoked by npm run board-pack -- --quarter <YYYY-Qn> --stage <stage>',
      });
    }
    new CfnOutput(this, outputKeys.failedStreamBatchesUrl, {
      value: this.failedStreamBatches.queueUrl,
      description: 'Stream batches that failed every retry, waiting to be read back from the stream and applied again',
    });
    new CfnOutput(this, outputKeys.dashboardUrl, {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.dashboard.dashboard.dashboardName}`,
      description: 'The operations dashboard: business metrics, function errors, throttles and duration, API 5xx, stream lag and dead letters',
    });
    new CfnOutput(this, outputKeys.dlqUrl, {
      value: this.deadLetters.queueUrl,
      description: 'Dead-letter queue: scheduled runs and SES events that failed every retry, and failed stream batches the redrive gave up on',
    });
  }

  /** A redrive function may invoke the stream consumers, and nothing else. */
  private grantRedrives(): void {
    const entries = [...this.functions].map(([name, deployed]) => ({ definition: functions[name] as FunctionDefinition, deployed }));
    // Each consumer's filter under its deployed name: the redrive passes a consumer only what its mapping would.
    const filters = streamConsumerFilters((name) => this.functions.get(name)!.function.functionName);
    for (const redrive of entries.filter(({ definition }) => definition.redrivesFailedStreamBatches)) {
      redrive.deployed.function.addEnvironment('STREAM_CONSUMER_FILTERS' satisfies SettingName, Stack.of(this).toJsonString(filters));
      for (const consumer of entries.filter(({ definition }) => definition.stream)) {
        consumer.deployed.function.grantInvoke(redrive.deployed.function);
        const functionId = this.getLogicalId(consumer.deployed.function.node.defaultChild as CfnFunction);
        Validations.of(redrive.deployed.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
          reason: 'lambda:InvokeFunction on one stream consumer, including its versions (ARN:*), as grantInvoke writes it; no other function is reachable.',
        });
      }
    }
  }
}
