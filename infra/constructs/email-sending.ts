/**
 * Email for the functions that the function list marks `sendsEmail`: the sender's SES
 * identity and a configuration set (reputation metrics, bounces and complaints suppressed),
 * and permission to send as that sender through that set only.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { DeploymentConfig } from '../config.ts';

export interface EmailSendingProps {
  config: Pick<DeploymentConfig, 'senderAddress'>;
}

export class EmailSending extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EmailSendingProps,
  ) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // Deploying sends SES's verification email to this address; sending starts once it is confirmed.
    this.identity = new EmailIdentity(this, 'SenderIdentity', {
      identity: Identity.email(props.config.senderAddress),
      configurationSet: this.configurationSet,
    });
  }

  grantSending(fn: LambdaFunction): PolicyStatement {
    const { config } = this.props;
    const stack = Stack.of(this);
    // In the SES sandbox every recipient is an identity that IAM checks too, so the identity
    // resource is any identity of this account and region; the From address is pinned by the
    // condition, and the configuration set is this one only.
    const statement = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
    });
    fn.addToRolePolicy(statement);
    return statement;
  }
}
