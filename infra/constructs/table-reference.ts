/**
 * The table a stage's functions use, found without a CloudFormation export, so the table can
 * be switched by a setting: the table the stage file names (after a point-in-time restore,
 * with its stream ARN), or else the data stack's own table, by its fixed name, with the ARN of
 * its stream read from DynamoDB when the service stack deploys.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, type AwsSdkCall, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { table as tableDefinition } from '#shared/data/table';
import type { DeploymentConfig } from '../config.ts';
import { tableName } from '../naming.ts';

export interface TableReferenceProps {
  config: Pick<DeploymentConfig, 'stage' | 'table' | 'logRetentionDays' | 'removalPolicy'>;
}

export class TableReference extends Construct {
  readonly table: ITable;
  /** The deploy-time read of the data stack's stream ARN; absent when the stage file names the table. */
  readonly streamLookup: AwsCustomResource | undefined;

  constructor(scope: Construct, id: string, { config }: TableReferenceProps) {
    super(scope, id);
    if (config.table) {
      this.table = Table.fromTableAttributes(this, 'Table', { tableName: config.table.name, tableStreamArn: config.table.streamArn });
      this.streamLookup = undefined;
      return;
    }

    const name = tableName(config.stage);
    const tableArn = Stack.of(this).formatArn({ service: 'dynamodb', resource: 'table', resourceName: name });
    // The stream ARN ends in a creation time, so it cannot be derived from the name. It is read
    // here, by a custom resource with its own role, rather than through an SSM-typed template
    // parameter: CloudFormation resolves those with the role that creates the change set, and the
    // CDK bootstrap template lets its deploy role read the bootstrap version parameter only.
    const describeTable: AwsSdkCall = {
      service: 'DynamoDB',
      action: 'DescribeTable',
      parameters: { TableName: name },
      physicalResourceId: PhysicalResourceId.of(name),
      outputPaths: ['Table.LatestStreamArn'],
    };
    // A role of its own, like every project function's: its log group, and DescribeTable on this
    // table (added by the policy below), instead of CDK's default role with a managed policy.
    const logGroup = new LogGroup(this, 'StreamLookupLogs', {
      retention: config.logRetentionDays as RetentionDays,
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'StreamLookupRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Reads the stream ARN of table ${name} during deployments`,
    });
    logGroup.grantWrite(role);
    // The read runs again only when its definition changes. A new stream view in the table
    // definition gives the table a new stream (and ARN), so the view is part of the id: the
    // lookup is then replaced, and runs again, in the same deployment.
    this.streamLookup = new AwsCustomResource(this, `StreamLookup${tableDefinition.streamView}`, {
      resourceType: 'Custom::TableStreamArn',
      onCreate: describeTable,
      onUpdate: describeTable,
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [tableArn] }),
      installLatestAwsSdk: false,
      role,
      logGroup,
    });
    this.table = Table.fromTableAttributes(this, 'Table', {
      tableName: name,
      tableStreamArn: this.streamLookup.getResponseField('Table.LatestStreamArn'),
    });
  }
}
