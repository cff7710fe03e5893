/**
 * Invokes a function on the cron schedule of the function list, in the schedule's own time
 * zone (EventBridge Scheduler), passing the scheduled time so the run can be identified and
 * a retried invocation does nothing twice.
 */
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ScheduledInvocationProps {
  fn: IFunction;
  schedule: { cron: string; timezone: string };
  description: string;
  /** Where invocations go when every retry failed. */
  deadLetterQueue: IQueue;
}

export class ScheduledInvocation extends Construct {
  readonly schedule: Schedule;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ScheduledInvocationProps) {
    super(scope, id);
    // A role per schedule, rather than the stack-wide one CDK would share, so its grant is visibly this function's only.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
    const functionId = Stack.of(this).getLogicalId(props.fn.node.defaultChild as CfnFunction);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason: 'lambda:InvokeFunction on this one function, including its versions (ARN:*), as the scheduler target grants it; no other function is reachable.',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: props.description,
      schedule: ScheduleExpression.expression(props.schedule.cron, TimeZone.of(props.schedule.timezone)),
      target: new LambdaInvoke(props.fn, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: props.deadLetterQueue,
        role: this.role,
      }),
    });
  }
}
