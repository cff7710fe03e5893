/**
 * The stateful stack: the progress table and its stream, built from the shared table
 * definition. Code deployments never touch it; with the default `retain` policy it also
 * survives deletion of the stack (deletion protection on, DeletionPolicy Retain). The table
 * has a fixed name, so the service stack finds it by name: nothing is exported.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { table as tableDefinition } from '#shared/data/table';
import { pointInTimeRecoveryDays } from '#shared/domain/retention';
import type { DeploymentConfig } from '../config.ts';
import { outputKeys, tableName } from '../naming.ts';

export interface DataStackProps extends StackProps {
  config: Pick<DeploymentConfig, 'stage' | 'removalPolicy'>;
}

export class DataStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const retain = props.config.removalPolicy === 'retain';

    this.table = new Table(this, 'ProgressTable', {
      // A fixed name lets the service stack and the operator commands find the table without an
      // export. It also changes what replacement means. CloudFormation replaces by creating the
      // new resource before deleting the old one, which a custom name makes impossible: a change
      // that needs a new table under the same name (a different key schema, say) now fails the
      // update, instead of creating a new, empty table and, under Retain, leaving the data outside
      // the stack. For the stateful stack that is the wanted outcome. The costs: a point-in-time
      // restore cannot reuse the name, so it goes to a new table that the stage file then names
      // (docs/operations.md#restore); a kept stage whose stacks were deleted keeps its table, which
      // must be deleted or imported before this stack can be created again; and a stage deployed
      // while the name was generated gets a new table under the fixed name on its next deployment
      // (docs/operations.md#stages-deployed-before-the-table-had-a-fixed-name).
      tableName: tableName(props.config.stage),
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      stream: StreamViewType[tableDefinition.streamView],
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: pointInTimeRecoveryDays },
      encryption: TableEncryption.AWS_MANAGED,
      // A stage created to be thrown away must be deletable in one go.
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    new CfnOutput(this, outputKeys.tableName, {
      value: this.table.tableName,
      description: 'The progress table: updates, summaries, catalogue and credentials',
    });
  }
}
