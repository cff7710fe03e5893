/**
 * Alarms an operator must hear about, all sent to one encrypted SNS topic (with an optional
 * e-mail subscription): failed stream records, SES events left waiting on their queue, a
 * stream consumer falling behind, function errors and throttles, the share of API requests
 * answered with a 5xx, and the bounce and complaint rates of the stack's own SES configuration set.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type BusinessMetric, metricsNamespace } from '#shared/metrics';

/** A stream consumer this far behind delays every summary by as much. */
export const iteratorAgeThresholdMs = 60_000;
/** Half the event window in AWS (600 s): SEND events this late leave time before a lost answer's email is sent again. */
const emailEventAgeThresholdSeconds = 300;
/** SES reviews an account at a 5% bounce rate; warn there, before it acts. */
const bounceRateThreshold = 0.05;
/** AWS asks senders to keep complaints under 0.1%, and reviews an account above it. */
const complaintRateThreshold = 0.001;
/** Share of API requests, in per cent, answered 5xx over five minutes. */
const serverErrorRateThresholdPercent = 5;

export interface OperationalAlarmsProps {
  /** Prefix of every alarm name, e.g. `recovery-progress-prod`. */
  namePrefix: string;
  alarmEmail?: string | undefined;
}

export class OperationalAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;

    // CloudWatch cannot publish to a topic under the AWS-managed SNS key, so the topic has its own key.
    const key = new Key(this, 'TopicKey', {
      description: `Encrypts alarm notifications of ${props.namePrefix}`,
      enableKeyRotation: true,
      // Notifications are transient: nothing stored outlives the stack under this key.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.topic = new Topic(this, 'Topic', {
      displayName: `${props.namePrefix} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  private add(id: string, props: { metric: IMetric; threshold: number; description: string; comparison?: ComparisonOperator }): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.namePrefix}-${id}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: 1,
      comparisonOperator: props.comparison ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No data means no traffic, which is not a fault.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }

  watchFunction(name: string, fn: IFunction): void {
    this.add(`${name}-errors`, {
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      description: `${name} failed (crash, timeout or unhandled error). See its log group.`,
    });
    this.add(`${name}-throttles`, {
      metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      description: `${name} was throttled: the account or function concurrency limit was reached.`,
    });
  }

  watchStreamConsumer(name: string, fn: IFunction): void {
    this.add(`${name}-iterator-age`, {
      metric: fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: iteratorAgeThresholdMs,
      description: `${name} is more than ${iteratorAgeThresholdMs / 1000} s behind the table stream: summaries are late.`,
    });
  }

  watchDeadLetters(queue: IQueue): void {
    this.add('dead-letters', {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      description:
        'Scheduled runs, SES events, or stream batches the redrive gave up on, failed after every retry and are in the dead-letter queue: their digests, summaries, emails or send records were not produced.',
    });
  }

  /** SES's events queued too long: a send whose answer was lost is sent again once the event window passes without its SEND event. */
  watchEmailEvents(queue: IQueue): void {
    this.add('email-events-age', {
      metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: emailEventAgeThresholdSeconds,
      description: `SES events have waited more than ${emailEventAgeThresholdSeconds / 60} minutes on their queue: email-events is failing or behind. Past the event window (EMAIL_EVENT_WINDOW_SECONDS) an email whose answer was lost is sent again.`,
    });
  }

  watchFailedStreamBatches(queue: IQueue): void {
    this.add('failed-stream-batches', {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      description:
        'Stream records failed every retry: their summaries or emails wait until the redrive applies them (every 15 minutes while the stream holds them), or reconcile re-derives the summaries.',
    });
  }

  /** Any repair by reconcile means a summary had missed an update: something upstream failed and was not redriven. */
  watchReconcileRepairs(serviceName: string): void {
    this.add('reconcile-repairs', {
      metric: new Metric({
        namespace: metricsNamespace,
        metricName: 'RecordsReconciled' satisfies BusinessMetric,
        dimensionsMap: { service: serviceName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      description:
        'Reconcile repaired a priority summary that had missed an update (the portfolio is derived from the summaries, so it showed the same gap). Its log lists each repair; look for the failure that caused it (failed stream batches, function errors).',
    });
  }

  watchApi(api: HttpApi): void {
    const rate = new MathExpression({
      expression: 'IF(requests > 0, 100 * serverErrors / requests, 0)',
      usingMetrics: {
        serverErrors: api.metricServerError({ statistic: 'Sum' }),
        requests: api.metricCount({ statistic: 'Sum' }),
      },
      period: Duration.minutes(5),
      label: 'API 5xx rate (%)',
    });
    this.add('api-5xx-rate', {
      metric: rate,
      threshold: serverErrorRateThresholdPercent,
      description: `More than ${serverErrorRateThresholdPercent}% of API requests were answered with a 5xx in five minutes.`,
    });
  }

  /**
   * The reputation metrics SES publishes for the configuration set (its `reputationMetrics`),
   * so the alarms count this stack's email only, not the whole account's.
   */
  watchEmail(configurationSetName: string): void {
    const reputation = (metricName: string) =>
      new Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { 'ses:configuration-set': configurationSetName },
        period: Duration.hours(1),
        statistic: 'Maximum',
      });
    this.add('email-bounce-rate', {
      metric: reputation('Reputation.BounceRate'),
      threshold: bounceRateThreshold,
      description: `More than ${bounceRateThreshold * 100}% of emails bounced (configuration set ${configurationSetName}): check the people's addresses; SES pauses sending at 10%.`,
    });
    this.add('email-complaint-rate', {
      metric: reputation('Reputation.ComplaintRate'),
      threshold: complaintRateThreshold,
      description: `More than ${complaintRateThreshold * 100}% of emails were marked as spam (configuration set ${configurationSetName}): AWS asks senders to stay under 0.1% and may pause sending above it; check who receives what.`,
    });
  }
}
