/**
 * The local stand-in for the EventBridge rule, SQS queue and event source mapping of the
 * functions that consume SES events: each event goes to every function whose definition names
 * its type, gathered for a short window (or until a batch is full) and delivered as one
 * SQS-shaped batch. The events a function reports as failed are delivered again, alone, a few
 * times with back-off (SQS after its visibility timeout, then to the dead-letter queue; locally
 * an event that outlasts the retries is logged).
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { EmailEventSettings, EmailEventType } from '#shared/function-definition';
import type { FunctionName } from '../../functions/index.ts';
import type { SesEvent } from './ses.ts';

const attempts = 5;

/**
 * Locally a batch is gathered for a quarter of a second, not the definition's window: the local
 * event window (EMAIL_EVENT_WINDOW_SECONDS) is 2 s, and the events of a batch of emails sent at
 * once come within milliseconds of each other.
 */
const localBatchingWindowMs = 250;

/** SES events as Lambda's SQS event source delivers them: each message's body is the event as EventBridge put it on the queue. */
export function sqsBatchOf(events: readonly SesEvent[]): SQSEvent {
  return {
    Records: events.map((event): SQSRecord => {
      const body = JSON.stringify(event);
      const now = String(Date.now());
      return {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'events.amazonaws.com', ApproximateFirstReceiveTimestamp: now },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:ses-events',
        awsRegion: 'local',
      };
    }),
  };
}

interface Consumer {
  name: FunctionName;
  settings: EmailEventSettings;
  gathering: SesEvent[];
  timer?: NodeJS.Timeout;
}

export class LocalEventBus {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly consumers: Consumer[];

  constructor(
    consumers: readonly { name: FunctionName; settings: EmailEventSettings }[],
    private readonly invoke: (name: FunctionName, event: SQSEvent) => Promise<SQSBatchResponse | undefined>,
    private readonly log: (message: string, detail?: Record<string, unknown>) => void = () => undefined,
    private readonly windowMs = localBatchingWindowMs,
  ) {
    this.consumers = consumers.map(({ name, settings }) => ({ name, settings, gathering: [] }));
  }

  publish(type: EmailEventType, event: SesEvent): void {
    for (const consumer of this.consumers) {
      if (!consumer.settings.types.includes(type)) continue;
      consumer.gathering.push(event);
      if (consumer.gathering.length >= consumer.settings.batchSize) this.flush(consumer);
      else consumer.timer ??= setTimeout(() => this.flush(consumer), this.windowMs);
    }
  }

  /** Delivers what is gathered now, and waits for the events in flight. */
  async drain(): Promise<void> {
    for (const consumer of this.consumers) this.flush(consumer);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private flush(consumer: Consumer): void {
    clearTimeout(consumer.timer);
    consumer.timer = undefined;
    while (consumer.gathering.length > 0) {
      const batch = sqsBatchOf(consumer.gathering.splice(0, consumer.settings.batchSize));
      const delivery = this.deliver(consumer.name, batch).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  private async deliver(name: FunctionName, batch: SQSEvent): Promise<void> {
    let records = batch.Records;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      let failed: Set<string>;
      let error: unknown;
      try {
        const response = await this.invoke(name, { Records: records });
        failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      } catch (thrown) {
        // A failed invocation: the whole batch comes back.
        failed = new Set(records.map((record) => record.messageId));
        error = thrown;
      }
      records = records.filter((record) => failed.has(record.messageId));
      if (records.length === 0) return;
      if (attempt === attempts)
        this.log('SES events failed every retry', { consumer: name, events: records.length, ...(error ? { error: String(error) } : {}) });
      else await new Promise((resolveDelay) => setTimeout(resolveDelay, 100 * 2 ** attempt));
    }
  }
}
