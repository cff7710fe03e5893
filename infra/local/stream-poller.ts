/**
 * Reads the table's stream the way a Lambda event source mapping does and feeds one consumer:
 * about four polls a second, the consumer's filter and batch size, partial batch failures
 * retried from the first failed record with a bounded number of attempts, then the failed
 * record set aside in a dead-letter file so the rest of the shard moves on. A checkpoint per
 * shard survives restarts, so records are neither lost nor replayed.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { toLambdaRecord } from '#shared/data/stream';
import { matchesFilter } from '#shared/domain/event-filter';
import type { StreamSettings } from '#shared/function-definition';
import type { FailedStreamBatch } from '#shared/services/redrive';

interface StreamConsumer {
  name: string;
  settings: StreamSettings;
  invoke(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse | undefined>;
}

interface ShardPosition {
  sequenceNumber?: string;
  closed?: boolean;
}

/** Where each shard was left; a file in persistent mode, memory otherwise. */
export class Checkpoints {
  private shards: Record<string, ShardPosition> = {};

  constructor(
    private readonly streamArn: string,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { streamArn: string; shards: Record<string, ShardPosition> };
      // A checkpoint of another stream (the table was recreated) is meaningless here.
      if (saved.streamArn === streamArn) this.shards = saved.shards;
    }
  }

  get(shardId: string): ShardPosition {
    return this.shards[shardId] ?? {};
  }

  set(shardId: string, position: ShardPosition): void {
    this.shards[shardId] = { ...this.get(shardId), ...position };
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ streamArn: this.streamArn, shards: this.shards }, null, 2));
    renameSync(temporary, this.file);
  }
}

export interface DeadLetter {
  condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
  consumer: string;
  attempts: number;
  shardId: string;
  streamArn: string;
  failedAt: string;
  error?: string;
  record: DynamoDBRecord;
}

/** The message Lambda would send the on-failure destination for this record: it names the record, it does not carry it. */
export function failedBatchOf(letter: DeadLetter, functionArn: string): FailedStreamBatch {
  const sequenceNumber = letter.record.dynamodb!.SequenceNumber!;
  return {
    requestContext: { functionArn, condition: letter.condition, approximateInvokeCount: letter.attempts },
    timestamp: letter.failedAt,
    DDBStreamBatchInfo: {
      shardId: letter.shardId,
      startSequenceNumber: sequenceNumber,
      endSequenceNumber: sequenceNumber,
      batchSize: 1,
      streamArn: letter.streamArn,
    },
  };
}

/** The local on-failure destination: a JSON-lines file per consumer, or memory. */
export class DeadLetters {
  readonly entries: DeadLetter[] = [];

  constructor(private readonly file?: string) {}

  add(entry: DeadLetter): void {
    this.entries.push(entry);
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}

export interface PollerOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  consumer: StreamConsumer;
  checkpoints: Checkpoints;
  deadLetters: DeadLetters;
  pollIntervalMs?: number;
  /** Delay before retry n (1-based); Lambda retries promptly, with a little back-off. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Whether the database the consumer needs is answering. A batch that fails while it is not
   * waits for it instead of spending its retries: on one machine, a stopped DynamoDB Local is
   * an outage to wait out, not a poison record to set aside.
   */
  dependencyAvailable?: () => Promise<boolean>;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

export class StreamPoller {
  private readonly iterators = new Map<string, string>();
  private shards: Shard[] = [];
  private shardsReadAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  readonly pollIntervalMs: number;

  constructor(private readonly options: PollerOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  start(): void {
    this.stopping = false;
    const tick = async () => {
      if (this.stopping) return;
      this.running = this.pollOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.options.log?.('Stream poll failed; will retry', { error: String(error) }));
      await this.running;
      if (!this.stopping) this.timer = setTimeout(tick, this.pollIntervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every readable shard; returns how many records were delivered to the consumer. */
  async pollOnce(): Promise<number> {
    await this.refreshShards();
    let delivered = 0;
    for (const shard of this.readableShards()) {
      if (this.stopping) break;
      delivered += await this.pollShard(shard.ShardId!);
    }
    return delivered;
  }

  private async refreshShards(): Promise<void> {
    if (Date.now() - this.shardsReadAt < 5000 && this.shards.length > 0) return;
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await this.options.client.send(
        new DescribeStreamCommand({ StreamArn: this.options.streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }),
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    this.shards = shards;
    this.shardsReadAt = Date.now();
  }

  /** Open shards, children only after their parent has been read to its end. */
  private readableShards(): Shard[] {
    const known = new Set(this.shards.map((shard) => shard.ShardId));
    const { checkpoints } = this.options;
    return this.shards.filter((shard) => {
      if (checkpoints.get(shard.ShardId!).closed) return false;
      const parent = shard.ParentShardId;
      return !parent || !known.has(parent) || checkpoints.get(parent).closed === true;
    });
  }

  private async iteratorFor(shardId: string): Promise<string | undefined> {
    const cached = this.iterators.get(shardId);
    if (cached) return cached;
    const { sequenceNumber } = this.options.checkpoints.get(shardId);
    const { ShardIterator } = await this.options.client.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ShardIteratorType: sequenceNumber ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
      }),
    );
    return ShardIterator;
  }

  private async pollShard(shardId: string): Promise<number> {
    const iterator = await this.iteratorFor(shardId);
    if (!iterator) {
      this.options.checkpoints.set(shardId, { closed: true });
      return 0;
    }
    let page;
    try {
      page = await this.options.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        this.iterators.delete(shardId);
        return 0;
      }
      throw error;
    }
    const records = (page.Records ?? []).map((record) => toLambdaRecord(record, this.options.streamArn));
    const delivered = await this.deliver(shardId, records);
    if (this.stopping && delivered < records.length) {
      this.iterators.delete(shardId); // resume from the checkpoint next time
      return delivered;
    }
    if (page.NextShardIterator) this.iterators.set(shardId, page.NextShardIterator);
    else {
      this.iterators.delete(shardId);
      this.options.checkpoints.set(shardId, { closed: true });
    }
    return delivered;
  }

  /** True when the dependency was down and is back (the failed attempt does not count); false when it was up all along. */
  private async waitedForOutage(): Promise<boolean> {
    const available = this.options.dependencyAvailable;
    if (!available || (await available())) return false;
    this.options.log?.('Waiting for DynamoDB to answer again before retrying', { consumer: this.options.consumer.name });
    while (!this.stopping && !(await available())) await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    return true;
  }

  /** Delivers a page of records in batches; returns how many were handled (or set aside). */
  private async deliver(shardId: string, records: DynamoDBRecord[]): Promise<number> {
    const { settings } = this.options.consumer;
    let handled = 0;
    while (handled < records.length && !this.stopping) {
      // Records the filter rejects are passed over, as Lambda does, and checkpointed with the rest.
      const batch: DynamoDBRecord[] = [];
      let next = handled;
      while (next < records.length && batch.length < settings.batchSize) {
        const record = records[next]!;
        next += 1;
        if (matchesFilter(settings.filter, record)) batch.push(record);
      }
      if (batch.length > 0 && !(await this.deliverBatch(shardId, batch))) break;
      this.options.checkpoints.set(shardId, { sequenceNumber: records[next - 1]!.dynamodb!.SequenceNumber! });
      handled = next;
    }
    return handled;
  }

  /** Returns false when stopped before the batch was done. */
  private async deliverBatch(shardId: string, batch: DynamoDBRecord[]): Promise<boolean> {
    const { consumer, checkpoints, deadLetters, streamArn } = this.options;
    const delay = this.options.retryDelayMs ?? ((attempt: number) => Math.min(2000, 100 * 2 ** (attempt - 1)));
    let remaining = [...batch];
    let attempt = 0;
    while (remaining.length > 0) {
      const tooOld = remaining.filter(
        (record) => Date.now() / 1000 - (record.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) > consumer.settings.maxRecordAgeSeconds,
      );
      for (const record of tooOld) {
        deadLetters.add({
          condition: 'RecordAgeExceeded',
          consumer: consumer.name,
          attempts: attempt,
          shardId,
          streamArn,
          failedAt: new Date().toISOString(),
          record,
        });
      }
      remaining = remaining.filter((record) => !tooOld.includes(record));
      if (remaining.length === 0) return true;

      let failedIndex = -1;
      let failure: string | undefined;
      try {
        const response = await consumer.invoke({ Records: remaining });
        const failed = new Set((response?.batchItemFailures ?? []).map((item) => item.itemIdentifier));
        failedIndex = remaining.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
        if (failed.size > 0 && failedIndex === -1) failedIndex = 0; // an unknown identifier fails the whole batch, as in Lambda
      } catch (error) {
        failedIndex = 0;
        failure = error instanceof Error ? error.message : String(error);
      }
      if (failedIndex === -1) return true;

      // Everything before the first failure succeeded: never deliver it again.
      if (failedIndex > 0) {
        checkpoints.set(shardId, { sequenceNumber: remaining[failedIndex - 1]!.dynamodb!.SequenceNumber! });
        remaining = remaining.slice(failedIndex);
      }
      if (await this.waitedForOutage()) {
        if (this.stopping) return false;
        continue;
      }
      attempt += 1;
      if (attempt > consumer.settings.retryAttempts) {
        const [poison, ...rest] = remaining;
        deadLetters.add({
          condition: 'RetryAttemptsExhausted',
          consumer: consumer.name,
          attempts: attempt,
          shardId,
          streamArn,
          failedAt: new Date().toISOString(),
          ...(failure ? { error: failure } : {}),
          record: poison!,
        });
        this.options.log?.('Record set aside after retries', { consumer: consumer.name, sequenceNumber: poison!.dynamodb?.SequenceNumber });
        checkpoints.set(shardId, { sequenceNumber: poison!.dynamodb!.SequenceNumber! });
        remaining = rest;
        attempt = 0;
        continue;
      }
      if (this.stopping) return false;
      await new Promise((resolveDelay) => setTimeout(resolveDelay, delay(attempt)));
    }
    return true;
  }
}
