/**
 * The stateful stack: the progress table and its stream, built from the shared table
 * definition. Code deployments never touch it; with the default `retain` policy it also
 * survives deletion of the stack (deletion protection on, DeletionPolicy Retain).
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { table as tableDefinition } from '#shared/data/table';
import type { DeploymentConfig } from '../config.ts';
import { outputKeys } from '../naming.ts';

export interface DataStackProps extends StackProps {
  config: Pick<DeploymentConfig, 'stage' | 'removalPolicy'>;
}

export class DataStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const retain = props.config.removalPolicy === 'retain';

    this.table = new Table(this, 'ProgressTable', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      stream: StreamViewType[tableDefinition.streamView],
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // A stage created to be thrown away must be deletable in one go.
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    new CfnOutput(this, outputKeys.tableName, {
      value: this.table.tableName,
      description: 'The progress table: updates, summaries, catalogue and credentials',
      exportName: `${this.stackName}-${outputKeys.tableName}`,
    });
  }
}
