/**
 * Lets a function that the function list marks `sendsEmail` send through SES as the
 * configured sender, and gives it the email settings the local runtime gives it too.
 * The SES identity itself is verified by the operator (see the README); it is not part of
 * the stacks.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { DeploymentConfig } from '../config.ts';

export interface EmailSendingProps {
  config: Pick<DeploymentConfig, 'senderAddress' | 'reportingPeriod' | 'staleAfterDays'>;
  /** Where links in emails point: the API's public URL. */
  publicBaseUrl: string;
}

export function grantEmailSending(fn: LambdaFunction, { config, publicBaseUrl }: EmailSendingProps): PolicyStatement {
  // In the SES sandbox every recipient is an identity that IAM checks too, so the resource is
  // any identity of this account and region; the From address is pinned by the condition.
  const statement = new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
    conditions: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
  });
  fn.addToRolePolicy(statement);
  fn.addEnvironment('SENDER_ADDRESS', config.senderAddress);
  fn.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
  fn.addEnvironment('REPORTING_PERIOD', config.reportingPeriod);
  fn.addEnvironment('STALE_AFTER_DAYS', String(config.staleAfterDays));
  return statement;
}
