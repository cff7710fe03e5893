/**
 * The stateless stack: one function per entry of the shared function list, the HTTP API
 * over the shared route table, the stream consumers with their dead-letter queue, and the
 * alarms. It receives the table from the data stack, so replacing anything here leaves
 * the data alone.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { keys } from '../../shared/data/keys.ts';
import { functions, routes, type FunctionDefinition, type FunctionName } from '../../shared/functions.ts';
import type { DeploymentConfig } from '../config.ts';
import { OperationalAlarms } from '../constructs/operational-alarms.ts';
import { ProgressApi } from '../constructs/progress-api.ts';
import { ProjectFunction } from '../constructs/project-function.ts';
import { consumeTableStream } from '../constructs/stream-consumer.ts';
import { grantTableAccess } from '../constructs/table-access.ts';
import { outputKeys, projectName } from '../naming.ts';

export interface ServiceStackProps extends StackProps {
  config: DeploymentConfig;
  /** The progress table, with its stream, from the data stack. */
  table: ITable;
}

/**
 * Partitions a function may touch, where IAM can say so. The summariser reads and writes
 * summaries and the portfolio, which all live in the PROGRAMME partition; with this
 * condition it cannot write an update, a credential or anything else.
 */
const partitionScopes: Partial<Record<FunctionName, readonly string[]>> = {
  summarise: [keys.programmePartition],
};

/** `record-update` → `RecordUpdate`, for construct ids. */
function constructId(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}

export class ServiceStack extends Stack {
  readonly functions = new Map<FunctionName, ProjectFunction>();
  readonly api: ProgressApi;
  readonly failedRecords: Queue;
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, table } = props;

    this.alarms = new OperationalAlarms(this, 'Alarms', {
      namePrefix: `${projectName}-${config.stage}`,
      alarmEmail: config.alarmEmail,
    });

    // Stream records that failed every retry, kept for the longest SQS allows so they can be replayed.
    this.failedRecords = new Queue(this, 'FailedStreamRecords', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    NagSuppressions.addResourceSuppressions(this.failedRecords, [
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter destination of the stream event source mapping; a DLQ of a DLQ adds nothing.',
      },
    ]);
    this.alarms.watchFailedRecords(this.failedRecords);

    for (const [name, definition] of Object.entries(functions) as [FunctionName, FunctionDefinition][]) {
      const deployed = new ProjectFunction(this, constructId(name), { definition, config });
      this.functions.set(name, deployed);
      if (definition.tableActions.length > 0) {
        const partitionKeys = partitionScopes[name];
        grantTableAccess(deployed.function, table, { actions: definition.tableActions, ...(partitionKeys ? { partitionKeys } : {}) });
      }
      if (definition.stream) {
        consumeTableStream(deployed.function, table, definition.stream, this.failedRecords);
        this.alarms.watchStreamConsumer(name, deployed.function);
      }
      this.alarms.watchFunction(name, deployed.function);
      suppressUnscopableActions(deployed, Boolean(definition.stream));
    }

    this.api = new ProgressApi(this, 'Api', {
      routes,
      functions: new Map<FunctionName, IFunction>([...this.functions].map(([name, deployed]) => [name, deployed.function])),
      config,
    });
    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'Reads are public by design (progress is published to the board and the public); writes carry a sponsor bearer token that the record-update handler verifies against the credential in the table.',
        },
      ],
      true,
    );
    this.alarms.watchApi(this.api.api);

    new CfnOutput(this, outputKeys.apiUrl, { value: this.api.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, outputKeys.dlqUrl, {
      value: this.failedRecords.queueUrl,
      description: 'Dead-letter queue of stream records the summariser could not process',
    });
  }
}

/** Actions that IAM only grants on `*`: X-Ray tracing, and listing the table's streams. */
function suppressUnscopableActions(deployed: ProjectFunction, readsStream: boolean): void {
  const reasons = ['xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) do not support resource-level permissions'];
  if (readsStream) reasons.push('dynamodb:ListStreams, needed by the stream event source mapping, does not support resource-level permissions');
  NagSuppressions.addResourceSuppressions(
    deployed.role,
    [{ id: 'AwsSolutions-IAM5', reason: `Resource "*" only where IAM allows nothing narrower: ${reasons.join('; ')}.`, appliesTo: ['Resource::*'] }],
    true,
  );
}
