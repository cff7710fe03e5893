/**
 * Digest: wall time and DynamoDB reads of one weekly digest run for 7, 70 and 700 priorities with
 * 10,000 updates in the table. Goal: the run at 700 priorities takes at most 110× the run at 7
 * (1.1× per priority), in every repetition; reads stay linear in priorities and flat in updates.
 * The sizes, goal and tolerances are in plan.ts; the rows, tables and notes in report.ts.
 *
 * Each size has a table of its own in the bench's DynamoDB Local, with no stream and no poller,
 * seeded once by lib/synthetic-programme.ts: a synthetic programme of N priorities, a sponsor and
 * a delivery lead per priority and two board members, summaries as after the updates, and the
 * update items themselves written with BatchWriteItem. Every priority last reported in an earlier
 * period, so the run sends reminders as well as digests. The smallest size has a second table
 * with the same summaries and no update items, which shows whether the reads depend on history.
 *
 * A repetition runs the digest on every table, smallest first in odd repetitions and largest
 * first in even ones (the smallest tables a few times in a row: their time is the median); the last digest's record is set back before each run (to one in which every
 * priority had another status), so every run does the same work. The run is
 * shared/services/digest.ts's runDigest, as the digest handler calls it, with the shared
 * (metered) DynamoDB client and the local stack's SES emulator.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { dynamoDb } from '#shared/data/client';
import { emailTemplates } from '#shared/email/content';
import { SesEmailSender } from '#shared/email/sender';
import { type DigestPorts, runDigest } from '#shared/services/digest';
import type { EmailSender, OutgoingEmail } from '#shared/services/messages';
import { settingsFor } from '#shared/settings';
import { functions } from '../../functions/index.ts';
import { tableStores } from '../../infra/local/stores.ts';
import { CapacityMeter } from '../lib/capacity.ts';
import type { BenchStack } from '../lib/fixture.ts';
import { progress } from '../lib/progress.ts';
import type { SectionResult } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import { seedSyntheticTable, syntheticHistory, syntheticProgramme } from '../lib/synthetic-programme.ts';
import { count, type DigestBenchOptions, type DigestRun, type Seeded, type Skipped, sum, warmUpRuns } from './plan.ts';
import { reportDigest } from './report.ts';

/** Hands every email to the real sender (the SES emulator) and counts what it accepted. */
class CountingSender implements EmailSender {
  sent = 0;
  bytes = 0;
  largest = 0;
  /** Sum of every send's round trip (they overlap: the digest sends all at once). */
  sendMs = 0;
  constructor(private readonly inner: EmailSender) {}

  async send(email: OutgoingEmail): Promise<string> {
    const started = performance.now();
    const id = await this.inner.send(email);
    this.sendMs += performance.now() - started;
    const size = Buffer.byteLength(email.html) + Buffer.byteLength(email.text) + Buffer.byteLength(email.subject);
    this.sent += 1;
    this.bytes += size;
    this.largest = Math.max(this.largest, size);
    return id;
  }

  reset(): void {
    this.sent = 0;
    this.bytes = 0;
    this.largest = 0;
    this.sendMs = 0;
  }
}

/** Never fails the whole bench: whatever goes wrong ends up in the section's rows. */
export async function measureDigest(stack: BenchStack, options: DigestBenchOptions): Promise<SectionResult> {
  const smallest = Math.min(...options.priorities);
  try {
    return await measureSizes(stack, options, smallest);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    progress(`digest: failed: ${reason}`);
    return reportDigest([], [], [{ label: 'digest', reason: `failed: ${reason.slice(0, 300)}` }], options, smallest);
  }
}

async function measureSizes(stack: BenchStack, options: DigestBenchOptions, smallest: number): Promise<SectionResult> {
  const sizes = [...options.priorities].sort((a, b) => a - b);
  const settings = settingsFor(functions.digest); // the local stack has set the functions' environment
  const sender = new CountingSender(
    new SesEmailSender(
      settings.SENDER_ADDRESS,
      settings.SES_CONFIGURATION_SET,
      new SESv2Client({
        endpoint: stack.stack.sesEndpoint,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
      }),
    ),
  );
  const clearSes = async () => {
    // The emulator keeps every email in memory; what a run sent is counted by the sender instead.
    await fetch(`${stack.stack.sesEndpoint}/clear-store`, { method: 'POST' }).then((response) => response.arrayBuffer());
  };

  const meter = new CapacityMeter();
  const runs: DigestRun[] = [];
  const skipped: Skipped[] = [];
  const seeded: Seeded[] = [];
  const now = new Date();
  // Nothing else may use the shared client while a run is metered: the pollers stay paused.
  await stack.pausePollers();
  meter.install(dynamoDb);

  /** Runs the digest once on a seeded table, metered unless `measured` is false. */
  const runOnce = async (table: Seeded, repetition: number, measured: boolean): Promise<DigestRun> => {
    const stores = tableStores(table.table.tableName);
    const ports: DigestPorts = {
      ...stores,
      mailer: {
        deliveries: stores.deliveries,
        templates: emailTemplates(settings.PROGRAMME_NAME),
        sender,
        baseUrl: settings.PUBLIC_BASE_URL,
        eventWindowSeconds: settings.EMAIL_EVENT_WINDOW_SECONDS,
      },
    };
    await table.table.resetLastDigest();
    await clearSes();
    sender.reset();
    meter.take();
    if (measured) meter.record(table.label);
    const started = performance.now();
    try {
      const result = await runDigest(ports, {
        runId: `bench-${table.label}-${repetition}-${Date.now()}`,
        now,
        reportingPeriod: settings.REPORTING_PERIOD,
        staleAfterDays: settings.STALE_AFTER_DAYS,
        escalateAfterWorkingDays: settings.ESCALATE_AFTER_WORKING_DAYS,
        linkTokenDays: settings.LINK_TOKEN_DAYS,
      });
      const ms = performance.now() - started;
      meter.pause();
      const operations = meter.take();
      const reads = operations.filter((op) => op.operation === 'Query' || op.operation === 'GetItem' || op.operation === 'BatchGetItem');
      const writes = operations.filter((op) => !reads.includes(op));
      const run: DigestRun = {
        label: table.label,
        repetition,
        priorities: table.priorities,
        updates: table.table.updatesWritten,
        people: table.table.people,
        ms,
        readPhaseMs: reads.length > 0 ? Math.max(...reads.map((op) => op.endedAt)) - started : 0,
        readUnits: sum(operations.map((op) => op.readUnits)),
        writeUnits: sum(operations.map((op) => op.writeUnits)),
        emails: sender.sent,
        emailBytes: sender.bytes,
        largestEmailBytes: sender.largest,
        meanSendMs: sender.sent > 0 ? sender.sendMs / sender.sent : 0,
        meanWriteMs: writes.length > 0 ? sum(writes.map((op) => op.endedAt - op.startedAt)) / writes.length : 0,
        result,
        operations,
      };
      if (measured) {
        progress(
          `digest: repetition ${repetition + 1}, ${table.label}: ${round(ms, 0)} ms, ${round(run.readUnits, 1)} RCU, ${round(run.writeUnits, 1)} WCU, ${run.emails} emails (${result.digests.sent} digests, ${result.reminders.sent} reminders)`,
        );
      }
      return run;
    } finally {
      meter.pause();
      await clearSes().catch(() => undefined);
    }
  };

  try {
    const plan = [
      { label: `${smallest} priorities, ${count(options.updates)} updates`, priorities: smallest, withUpdates: true },
      { label: `${smallest} priorities, no update items`, priorities: smallest, withUpdates: false },
      ...sizes.slice(1).map((priorities) => ({ label: `${priorities} priorities, ${count(options.updates)} updates`, priorities, withUpdates: true })),
    ];
    for (const step of plan) {
      if (options.deadline.passed) {
        skipped.push({ label: step.label, reason: 'the section’s share of the time ran out while seeding' });
        continue;
      }
      progress(`digest: seeding a table for ${step.label}`);
      const programme = syntheticProgramme(step.priorities);
      const table = await seedSyntheticTable({
        endpoint: stack.endpoint,
        programme,
        history: syntheticHistory(programme, options.updates, now),
        writeUpdates: step.withUpdates,
        deadline: options.deadline,
        label: `digest: ${step.label}`,
      });
      seeded.push({ ...step, table });
    }
    const base = seeded[0];
    if (!base) return reportDigest(runs, seeded, skipped, options, smallest);
    // Unmeasured: loads the digest code, the templates and the SES client, and gives the JIT a few runs, so the first measured run is not a cold start.
    for (let run = 0; run < warmUpRuns; run += 1) await runOnce(base, -1, false);
    // Unmeasured, once on every other table: a period's first digest also sends its escalations, once each, so only after it does every run do the same work.
    for (const table of seeded.slice(1)) await runOnce(table, -1, false);

    let lastRepetitionMs = 0;
    for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
      if (options.deadline.leftMs < lastRepetitionMs) {
        skipped.push({
          label: `repetitions ${repetition + 1} to ${options.repetitions}`,
          reason: `another would take about ${round(lastRepetitionMs / 1000, 1)} s with ${round(options.deadline.leftMs / 1000, 1)} s of the section’s share left`,
        });
        break;
      }
      const started = performance.now();
      const order = repetition % 2 === 0 ? seeded : [...seeded].reverse();
      for (const table of order) {
        const times = table.priorities === smallest ? options.smallestRuns : 1;
        for (let run = 0; run < times; run += 1) runs.push(await runOnce(table, repetition, true));
      }
      lastRepetitionMs = performance.now() - started;
    }
  } finally {
    meter.pause();
    meter.uninstall();
    for (const table of seeded) await table.table.drop().catch(() => undefined);
  }
  return reportDigest(runs, seeded, skipped, options, smallest);
}
