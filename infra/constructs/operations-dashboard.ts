/**
 * The stage's CloudWatch dashboard: first the business metrics the functions write
 * (shared/metrics.ts), then the health of what carries them: errors, throttles and duration of
 * every function in the function list, the API's 5xx answers, how far each stream consumer is
 * behind the table stream, and the failed-batch and dead-letter queues.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Dashboard, GraphWidget, type IMetric, Metric, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type BusinessMetric, metricsNamespace } from '#shared/metrics';
import { iteratorAgeThresholdMs } from './operational-alarms.ts';

/** The business metrics, a graph for each group; every name in shared/metrics.ts appears in one. */
const businessGraphs: readonly { title: string; metrics: readonly BusinessMetric[] }[] = [
  { title: 'Updates, assessments and summaries', metrics: ['UpdatesRecorded', 'AssessmentsRecorded', 'SummariesApplied'] },
  { title: 'Emails', metrics: ['EmailsSent', 'EmailsFailed', 'EmailsSkippedDuplicate', 'DigestsSent', 'RemindersSent', 'EscalationsSent'] },
  { title: 'Failing addresses', metrics: ['FailingAddressesReported', 'EmailsSkippedBounced'] },
  { title: 'Stream lag, update written to summarised (ms)', metrics: ['StreamLag'] },
  {
    title: 'Recovery: failed records redriven, summaries reconciled',
    metrics: ['FailedRecordsRecovered', 'FailedRecordsLeftToReconcile', 'RecordsReconciled'],
  },
];

/** Most metrics count events, so their sum is shown; a lag is a distribution. */
const statisticsOf: Partial<Record<BusinessMetric, readonly string[]>> = {
  StreamLag: ['p50', 'p99', 'Maximum'],
};

const period = Duration.minutes(5);

export interface OperationsDashboardProps {
  dashboardName: string;
  /** The functions' POWERTOOLS_SERVICE_NAME, which Powertools Metrics gives every metric as its `service` dimension. */
  serviceName: string;
  /** Every function of the function list, by name. */
  functions: ReadonlyMap<string, IFunction>;
  /** The names of the functions fed by the table stream. */
  streamConsumers: readonly string[];
  api: HttpApi;
  /** The queues of failed work, by the title their depth is shown under. */
  queues: Readonly<Record<string, IQueue>>;
}

export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { functions } = props;
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName, defaultInterval: Duration.days(1) });

    const business = (name: BusinessMetric): IMetric[] =>
      (statisticsOf[name] ?? ['Sum']).map(
        (statistic) =>
          new Metric({
            namespace: metricsNamespace,
            metricName: name,
            dimensionsMap: { service: props.serviceName },
            statistic,
            period,
            label: statisticsOf[name] ? `${name} ${statistic}` : name,
          }),
      );
    const perFunction = (names: Iterable<string>, metric: (fn: IFunction, label: string) => IMetric) =>
      [...names].map((name) => metric(functions.get(name)!, name));

    this.dashboard.addWidgets(
      new TextWidget({ markdown: `## Business events\nNamespace \`${metricsNamespace}\`, written by the functions as EMF log lines.`, width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(...businessGraphs.map(({ title, metrics }) => new GraphWidget({ title, left: metrics.flatMap(business), width: 6 })));

    this.dashboard.addWidgets(new TextWidget({ markdown: '## Functions, API, stream and dead letters', width: 24, height: 1 }));
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors',
        left: perFunction(functions.keys(), (fn, label) => fn.metricErrors({ statistic: 'Sum', period, label })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Function throttles',
        left: perFunction(functions.keys(), (fn, label) => fn.metricThrottles({ statistic: 'Sum', period, label })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Function duration p99 (ms)',
        left: perFunction(functions.keys(), (fn, label) => fn.metricDuration({ statistic: 'p99', period, label })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and 5xx answers',
        left: [props.api.metricServerError({ statistic: 'Sum', period, label: '5xx' })],
        right: [props.api.metricCount({ statistic: 'Sum', period, label: 'requests' })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Stream iterator age, max (ms)',
        left: perFunction(props.streamConsumers, (fn, label) => fn.metric('IteratorAge', { statistic: 'Maximum', period, label })),
        leftAnnotations: [{ value: iteratorAgeThresholdMs, label: 'alarm' }],
        width: 8,
      }),
      new GraphWidget({
        title: 'Failed work waiting (messages)',
        left: Object.entries(props.queues).map(([label, queue]) => queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label })),
        width: 8,
      }),
    );
  }
}
