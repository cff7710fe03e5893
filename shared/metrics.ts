/**
 * The business metrics: one Powertools Metrics instance per function process, which writes
 * each invocation's metrics as one CloudWatch embedded metric format (EMF) line to the
 * function's log, and CloudWatch turns the line into metrics of one namespace. The operations
 * dashboard (infra/constructs/operations-dashboard.ts) reads the names and namespace from here.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { metricsNamespace } from '#shared/settings';

export { metricsNamespace };

/** Every business metric, by name, with its unit. */
export const businessMetrics = {
  /** An update stored by record-update; a retried post with the same idempotency key is not counted again. */
  UpdatesRecorded: MetricUnit.Count,
  /** An independent assessment stored by record-assessment. */
  AssessmentsRecorded: MetricUnit.Count,
  /** An update that changed its priority's summary (summarise). */
  SummariesApplied: MetricUnit.Count,
  /** From an update's write (its stream record's ApproximateCreationDateTime, whole seconds) to summarise taking it up. */
  StreamLag: MetricUnit.Milliseconds,
  /** An email SES accepted (notify, digest). */
  EmailsSent: MetricUnit.Count,
  /** An email that could not be sent; the retry of its record or run sends it. */
  EmailsFailed: MetricUnit.Count,
  /** An email not sent because its outbox record says it already went: a replayed record or a retried run. */
  EmailsSkippedDuplicate: MetricUnit.Count,
  /** An address SES reported as bounced or complained of (email-events); `npm run people` lists them. */
  FailingAddressesReported: MetricUnit.Count,
  /** A digest, reminder or escalation not sent to an address SES reported a hard bounce for (digest). */
  EmailsSkippedBounced: MetricUnit.Count,
  /** A weekly digest sent (digest). */
  DigestsSent: MetricUnit.Count,
  /** A reminder sent for a priority that has not reported (digest). */
  RemindersSent: MetricUnit.Count,
  /** An escalation sent to a board member: a priority still without its update the set working days after the deadline (digest). */
  EscalationsSent: MetricUnit.Count,
  /** A priority's summary the reconcile job found wrong and derived again from its updates: something upstream failed (alarm). */
  RecordsReconciled: MetricUnit.Count,
  /** A stream record that had failed every retry, applied again by the redrive. */
  FailedRecordsRecovered: MetricUnit.Count,
  /** A failed stream record the stream no longer held when the redrive tried it: the reconcile job re-derives what it changed. */
  FailedRecordsLeftToReconcile: MetricUnit.Count,
} as const;

export type BusinessMetric = keyof typeof businessMetrics;

export const metrics = new Metrics({ namespace: metricsNamespace });

/** Adds a data point (by default one event) to the current invocation's metrics. */
export function emit(name: BusinessMetric, value = 1): void {
  metrics.addMetric(name, businessMetrics[name], value);
}

/** What became of one email, by the metric that counts it. */
const emailOutcomes = { sent: 'EmailsSent', skipped: 'EmailsSkippedDuplicate', failed: 'EmailsFailed' } as const satisfies Record<string, BusinessMetric>;

export function countEmail(outcome: keyof typeof emailOutcomes): void {
  emit(emailOutcomes[outcome]);
}

/**
 * Runs a handler, then writes what it recorded as one EMF line, whether it succeeded or
 * failed. An invocation that recorded nothing (a refused post, say) writes nothing, not even
 * Powertools' warning about empty metrics.
 */
export function withMetrics<E, C, R>(handler: (event: E, context: C) => Promise<R>): (event: E, context: C) => Promise<R> {
  return async (event, context) => {
    try {
      return await handler(event, context);
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
