/**
 * Write path: POST /priorities/{id}/updates (JSON, valid token) through the local HTTP server
 * and the record-update handler, against the design's floor (a bare GetItem, then the PutItem:
 * the two round trips that authorising first needs; the goal's baseline) and a bare PutItem of
 * the same update item to the same DynamoDB Local, at several concurrencies. GET /health through
 * the same server shows the floor of the HTTP layer alone, a fifth side shows what a one-round-trip design
 * would take (one TransactWriteItems checking the credential while it puts the update), and two more
 * hand the same post's event to the handler in this process, with and without the local stack's
 * stand-in for IAM, so the time above the floor is split between HTTP, that stand-in and the handler. The sides run in blocks whose order rotates and
 * reverses from round to round, after a warm-up of each, so drift on a shared machine hits all
 * of them alike. The stream pollers are paused meanwhile: their work is measured as event lag.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { keys } from '#shared/data/keys';
import { tokenIdOf } from '#shared/domain/credential';
import { newUpdateId } from '#shared/domain/ids';
import { entryOf, routes } from '../functions/index.ts';
import { toEvent } from '../infra/local/http-api.ts';
import { invoke, lambdaContext } from '../infra/local/lambda.ts';
import { type BenchStack, benchSponsor, postUpdate, sampleBody, storedUpdate } from './lib/fixture.ts';
import { counter, type Deadline, progress } from './lib/progress.ts';
import { judged, plural, type Row, type SectionResult, spreadOf } from './lib/report.ts';
import { pairedRatios, ratio, repeated, round, type Summary, summarise } from './lib/stats.ts';

/** Goal: the write path's median latency at concurrency 1 at most this many times the design's floor (a bare GetItem, then the PutItem). */
const writePathGoal = 1.5;
const goalConcurrency = 1;

export interface WritePathOptions {
  concurrencies: number[];
  /** Repetitions per concurrency: each measures every side, and gives one ratio. */
  repetitions: number;
  /** Timed requests per side, concurrency and repetition (fewer if the deadline comes first). */
  samples: number;
  warmup: number;
  /** Requests per side before switching to the other. */
  block: number;
  deadline: Deadline;
}

interface Side {
  name: 'write path' | 'baseline' | 'http floor' | 'design floor' | 'one round trip' | 'handler in process' | 'handler alone';
  run: () => Promise<void>;
  samples: number[];
}

/** Runs `count` calls of `op` with `concurrency` in flight; returns each call's latency in ms. */
async function timed(op: () => Promise<void>, count: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let issued = 0;
  const worker = async () => {
    while (issued < count) {
      issued += 1;
      const started = performance.now();
      await op();
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return latencies;
}

export async function measureWritePath(stack: BenchStack, priorityId: string, options: WritePathOptions): Promise<SectionResult> {
  const token = await stack.token(priorityId);
  const tokenId = tokenIdOf(token)!;
  // The baseline's client is configured like the shared one (shared/data/client.ts), pointed at the same DynamoDB Local.
  const baselineClient = new DynamoDBClient({
    endpoint: stack.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  let errors = 0;
  let firstError = '';

  const writePath = async () => {
    const posted = await postUpdate(stack.apiUrl, priorityId, token);
    if (posted.status !== 201) {
      errors += 1;
      firstError ||= `${posted.status} ${posted.body.slice(0, 200)}`;
    }
  };
  // The same item the handler stores: same attributes, same condition, a fresh id each time.
  const updateItem = () => {
    const now = new Date();
    const update = storedUpdate(priorityId, newUpdateId(now), now, { tokenId, name: benchSponsor });
    return marshall({ ...keys.update(priorityId, update.id), entity: 'update', ...update }, { removeUndefinedValues: true });
  };
  const putUpdate = (Item: ReturnType<typeof updateItem>) =>
    baselineClient.send(new PutItemCommand({ TableName: stack.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
  const baseline = async () => {
    await putUpdate(updateItem());
  };
  // The floor of authorising before writing: the credential read, then the same PutItem.
  const credentialKey = marshall(keys.credential(tokenId));
  const designFloor = async () => {
    await baselineClient.send(new GetItemCommand({ TableName: stack.tableName, Key: credentialKey }));
    await putUpdate(updateItem());
  };
  // One round trip: the credential checked by condition inside the write. It cannot apply the rule that needs the current status.
  const { secretHash } = (await stack.observer.credentials.get(tokenId))!;
  let oneTripUnits: number | undefined;
  const oneRoundTrip = async () => {
    const result = await baselineClient.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: stack.tableName,
              Key: credentialKey,
              ConditionExpression: 'secretHash = :hash AND attribute_not_exists(revokedAt) AND expiresAt > :now',
              ExpressionAttributeValues: marshall({ ':hash': secretHash, ':now': new Date().toISOString() }),
            },
          },
          { Put: { TableName: stack.tableName, Item: updateItem(), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
        ...(oneTripUnits === undefined ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
      }),
    );
    oneTripUnits ??= result.ConsumedCapacity?.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
  };

  // The same post's event, handed to the handler in this process: as the local stack invokes it
  // (with its stand-in for IAM, which checks every table call), and alone, as Lambda runs it.
  const route = routes.find((candidate) => candidate.method === 'POST' && candidate.function === 'record-update')!;
  const postEvent = () =>
    toEvent(
      {
        method: 'POST',
        url: `/priorities/${priorityId}/updates`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: Buffer.from(sampleBody),
      },
      route,
      { id: priorityId },
    );
  const { handler } = (await import(`../${entryOf('record-update')}`)) as {
    handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
  };
  const answered = (answer: APIGatewayProxyStructuredResultV2) => {
    if (answer.statusCode !== 201) {
      errors += 1;
      firstError ||= `${answer.statusCode} ${String(answer.body).slice(0, 200)}`;
    }
  };
  const handlerInProcess = async () => answered(await invoke<APIGatewayProxyStructuredResultV2>('record-update', postEvent()));
  const handlerAlone = async () => answered(await handler(postEvent(), lambdaContext('record-update')));

  // The same server and handler plumbing with no DynamoDB call: what HTTP alone costs.
  const httpFloor = async () => {
    const response = await fetch(`${stack.apiUrl}/health`);
    await response.text();
  };

  await stack.pausePollers();
  interface Repetition {
    writePath: Summary;
    baseline: Summary;
    httpFloor: Summary;
    designFloor: Summary;
    oneRoundTrip: Summary;
    handlerInProcess: Summary;
    handlerAlone: Summary;
  }
  const results: { concurrency: number; repetitions: Repetition[]; writePath: Summary; baseline: Summary; httpFloor: Summary }[] = [];
  try {
    for (const concurrency of options.concurrencies) {
      if (options.deadline.passed) break;
      const all: Side[] = [
        { name: 'write path', run: writePath, samples: [] },
        { name: 'baseline', run: baseline, samples: [] },
        { name: 'http floor', run: httpFloor, samples: [] },
        { name: 'design floor', run: designFloor, samples: [] },
        { name: 'one round trip', run: oneRoundTrip, samples: [] },
        { name: 'handler in process', run: handlerInProcess, samples: [] },
        { name: 'handler alone', run: handlerAlone, samples: [] },
      ];
      progress(`write path, concurrency ${concurrency}: warming up (${options.warmup} of each)`);
      for (const side of all) await timed(side.run, options.warmup, concurrency);
      // Each concurrency gets its share of what is left, so the last one is not starved; each repetition its share of that.
      const share = options.deadline.within(options.deadline.leftMs / (options.concurrencies.length - options.concurrencies.indexOf(concurrency)));
      const repetitions: Repetition[] = [];
      for (let repetition = 0; repetition < options.repetitions && !share.passed; repetition += 1) {
        const slot = share.within(share.leftMs / (options.repetitions - repetition));
        const sides: Side[] = all.map((side) => ({ ...side, samples: [] }));
        const report = counter(`write path, concurrency ${concurrency}, repetition ${repetition + 1} of ${options.repetitions}`, options.samples);
        for (let round = 0; sides[0]!.samples.length < options.samples && !slot.passed; round += 1) {
          // Rotate, and reverse every other pass, so no side always runs right after another.
          const rotated = [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)];
          const order = Math.floor(round / sides.length) % 2 === 0 ? rotated : rotated.reverse();
          for (const side of order) {
            const count = Math.min(options.block, options.samples - side.samples.length);
            side.samples.push(...(await timed(side.run, count, concurrency)));
          }
          report(sides[0]!.samples.length);
        }
        for (const [index, side] of sides.entries()) all[index]!.samples.push(...side.samples);
        repetitions.push({
          writePath: summarise(sides[0]!.samples),
          baseline: summarise(sides[1]!.samples),
          httpFloor: summarise(sides[2]!.samples),
          designFloor: summarise(sides[3]!.samples),
          oneRoundTrip: summarise(sides[4]!.samples),
          handlerInProcess: summarise(sides[5]!.samples),
          handlerAlone: summarise(sides[6]!.samples),
        });
      }
      results.push({
        concurrency,
        repetitions,
        writePath: summarise(all[0]!.samples),
        baseline: summarise(all[1]!.samples),
        httpFloor: summarise(all[2]!.samples),
      });
    }
  } finally {
    baselineClient.destroy();
  }

  const rows: Row[] = [];
  const section = 'Write path: POST /priorities/{id}/updates vs the design’s floor (a bare GetItem, then the PutItem) and a bare PutItem';
  for (const concurrency of options.concurrencies.filter((c) => !results.some((result) => result.concurrency === c && result.repetitions.length > 0))) {
    rows.push({
      section,
      figure: `the write path over the design’s floor, p50, concurrency ${concurrency}`,
      value: null,
      unit: 'ms',
      text: 'not measured: the section’s share of the time ran out',
      ...(concurrency === goalConcurrency ? { goal: `≤ ${writePathGoal}×`, met: null } : {}),
    });
  }
  for (const { concurrency, repetitions, writePath: w } of results.filter((result) => result.repetitions.length > 0)) {
    const per = (side: keyof Repetition, p: 'p50' | 'p95' | 'p99') => repetitions.map((repetition) => repetition[side][p]);
    const overFloor = repeated(pairedRatios(per('writePath', 'p50'), per('designFloor', 'p50')));
    rows.push({
      section,
      figure: `the write path over the design’s floor, p50, concurrency ${concurrency}`,
      value: round(repeated(per('writePath', 'p50')).median, 2),
      unit: 'ms',
      baseline: round(repeated(per('designFloor', 'p50')).median, 2),
      baselineLabel: 'GetItem + PutItem',
      ratio: round(overFloor.median, 2),
      spread: spreadOf(overFloor),
      ...(concurrency === goalConcurrency ? { goal: `≤ ${writePathGoal}×`, met: judged(repetitions.length, overFloor.median <= writePathGoal) } : {}),
    });
    for (const p of ['p50', 'p95', 'p99'] as const) {
      const ratios = repeated(pairedRatios(per('writePath', p), per('baseline', p)));
      rows.push({
        section,
        figure: `${p} over a bare PutItem, concurrency ${concurrency} (${plural(repetitions.length, 'repetition')} of ${Math.round(w.count / Math.max(1, repetitions.length))} requests)`,
        value: round(repeated(per('writePath', p)).median, 2),
        unit: 'ms',
        baseline: round(repeated(per('baseline', p)).median, 2),
        baselineLabel: 'PutItem',
        ratio: round(ratios.median, 2),
        spread: spreadOf(ratios),
      });
    }
    /** A side's p50 against the bare PutItem or the design's floor, in the same repetitions. */
    const p50Row = (side: keyof Repetition, against: 'baseline' | 'designFloor', figure: string) => {
      const ratios = repeated(pairedRatios(per(side, 'p50'), per(against, 'p50')));
      rows.push({
        section,
        figure: `${figure} p50, concurrency ${concurrency}`,
        value: round(repeated(per(side, 'p50')).median, 2),
        unit: 'ms',
        baseline: round(repeated(per(against, 'p50')).median, 2),
        baselineLabel: against === 'baseline' ? 'PutItem' : 'GetItem + PutItem',
        ratio: round(ratios.median, 2),
        spread: spreadOf(ratios),
      });
    };
    p50Row('httpFloor', 'baseline', 'for scale: GET /health (no DynamoDB call),');
    p50Row('designFloor', 'baseline', 'the design’s floor: a bare GetItem of the credential, then the PutItem,');
    p50Row(
      'oneRoundTrip',
      'baseline',
      `a one-round-trip design: one TransactWriteItems (credential checked by condition + the Put${oneTripUnits === undefined ? '' : `, ${oneTripUnits} WCU`}),`,
    );
    // Where the write path's time above the floor goes: the HTTP hop, the local stand-in for IAM, and the handler's own work.
    p50Row(
      'handlerInProcess',
      'designFloor',
      'the same post’s event to the handler in this process, as the local stack invokes it (no HTTP), over the design’s floor,',
    );
    p50Row(
      'handlerAlone',
      'designFloor',
      'the same event to the handler alone, as Lambda runs it (no HTTP, no local stand-in for IAM), over the design’s floor,',
    );
  }
  const notes = [
    'All sides run in this process against the same DynamoDB Local, in blocks of ' +
      `${options.block} requests whose order rotates, after ${options.warmup} warm-up requests each; the stream pollers are paused while they run. ` +
      `Each concurrency runs ${options.repetitions} repetitions one after another, each measuring every side; a repetition's ratio is its write-path percentile over the same percentile of the design's floor (the goal, at concurrency ${goalConcurrency}) or of the bare PutItem, and the row shows the median ratio and the range.`,
    'The write path is: HTTP request through node:http and fetch, an HTTP API 2.0 event, the middy stack, one eventually consistent BatchGetItem of the ' +
      'credential and the summary, validation, then the conditional PutItem. ' +
      'It therefore needs two DynamoDB round trips in sequence, as the design’s floor does, where a bare PutItem needs one. ' +
      'The handler in this process takes the same event without the HTTP hop, through the local stack’s invoke (its stand-in for IAM checks every table call); ' +
      'the handler alone is called as Lambda calls it: what it adds to the floor is its own work (parsing, authorising, the document client, middy, logs and metrics).',
    'The design’s floor is those two round trips with nothing else: a bare GetItem of the credential, then the same PutItem, from the same client. ' +
      'The one-round-trip design checks the credential by a condition inside a TransactWriteItems with the Put: one round trip, but a transaction costs two write units per item ' +
      `(${oneTripUnits === undefined ? 'units not reported' : `${oneTripUnits} WCU as DynamoDB Local reports it`}, against 1 WCU and half a read unit), a tampered or wrong token can only fail the transaction as a whole (no 401 with its reason), ` +
      'and the rule that a change of status needs a rationale, which needs the current status, cannot be checked in it.',
  ];
  for (const { concurrency, writePath: w, baseline: b, httpFloor: h } of results.filter((result) => result.repetitions.length > 0)) {
    notes.push(
      `At concurrency ${concurrency}, p50 over all repetitions: GET /health takes ${round(h.p50, 1)} ms and a bare PutItem ${round(b.p50, 1)} ms; ` +
        `the write path's ${round(w.p50, 1)} ms is that HTTP floor plus ${round(w.p50 - h.p50, 1)} ms in the handler and its DynamoDB calls, ${round(ratio(w.p50 - h.p50, b.p50), 2)}× a PutItem.`,
    );
  }
  if (errors > 0) notes.push(`${errors} posts were not accepted (first: ${firstError}).`);
  return { rows, notes, details: { priorityId, errors, results, options: { ...options, deadline: undefined } } };
}
