/**
 * Runs the function list's `runsOnDeploy` function as a CloudFormation custom resource, so
 * a new stage has its catalogue and board recipients as soon as it is deployed. It runs
 * again whenever the catalogue text or those settings change.
 */
import { createHash } from 'node:crypto';
import { CustomResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { catalogue } from '#shared/catalogue/index';
import type { DeploymentConfig } from '../config.ts';

export interface DeploySeedProps {
  fn: IFunction;
  config: Pick<DeploymentConfig, 'programme' | 'boardRecipients' | 'logRetentionDays' | 'removalPolicy'>;
}

export class DeploySeed extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, { fn, config }: DeploySeedProps) {
    super(scope, id);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: fn,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: config.logRetentionDays as RetentionDays,
        removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      }),
    });
    const catalogueVersion = createHash('sha256')
      .update(JSON.stringify(catalogue(config.programme)))
      .digest('hex');
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::CatalogueSeed',
      properties: { programme: config.programme, boardRecipients: config.boardRecipients, catalogueVersion },
    });
    const functionId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction);
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The custom resource framework function that CDK provides uses the AWS managed basic execution role; it only writes its own logs and invokes the seed function.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
        reason: 'The custom resource framework may invoke the seed function and its versions (ARN:*); no other function is reachable.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'The runtime of the custom resource framework function is chosen by the CDK release; it runs only during deployments.',
      },
    );
  }
}
