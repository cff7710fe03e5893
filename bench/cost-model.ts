/**
 * Cost model: US dollars per 1,000 updates in AWS, from the units and durations measured in
 * this run and list prices for Europe (London, eu-west-2). The prices are written down here with
 * their sources, not fetched: check them against the pages before quoting the figures.
 */

import type { FunctionDefinition } from '#shared/function-definition';
import { functions } from '../functions/index.ts';
import { functionDefaults } from '../infra/constructs/project-function.ts';
import type { CostResult, PerUpdate } from './cost-per-update.ts';
import { type Row, type SectionResult, spreadOf } from './lib/report.ts';
import { repeated, round } from './lib/stats.ts';

/** On-demand list prices in USD, Europe (London), as of 2025 (DynamoDB after its November 2024 on-demand price cut). */
const prices = {
  region: 'eu-west-2',
  asOf: '2025',
  httpApiPerMillionRequests: 1.11,
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoDbPerMillionWriteUnits: 0.7423,
  dynamoDbPerMillionReadUnits: 0.1485,
  sesPerThousandEmails: 0.1,
  sources: [
    'Amazon API Gateway pricing, HTTP APIs, first 300 million requests a month: https://aws.amazon.com/api-gateway/pricing/',
    'AWS Lambda pricing, Arm (Graviton2) duration and requests: https://aws.amazon.com/lambda/pricing/',
    'Amazon DynamoDB pricing for on-demand capacity (write and read request units, Standard table class): https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'Amazon SES pricing, outbound email: https://aws.amazon.com/ses/pricing/',
  ],
} as const;

const perThousand = 1000;

function definitionOf(name: string): FunctionDefinition | undefined {
  return (functions as Record<string, FunctionDefinition>)[name];
}

function memoryMb(name: string): number {
  return definitionOf(name)?.memoryMb ?? functionDefaults.memoryMb;
}

/** The price lines of one update's measured figures, their total, and the least a durable update could cost. */
function price(measured: PerUpdate, section: string): { rows: Row[]; total: number; minimal: number } {
  // Lambda bills duration rounded up to the millisecond.
  const compute = (name: string, ms: number, invocations: number) =>
    perThousand * invocations * (memoryMb(name) / 1024) * (Math.ceil(ms) / 1000) * prices.lambdaArmPerGbSecond;
  const invocations = measured.functions.reduce((sum, f) => sum + f.invocations, 0);
  const recordUpdate = measured.functions.find((f) => f.name === 'record-update');
  const row = (figure: string, value: number): Row => ({ section, figure, value, unit: 'USD' });
  const rows: Row[] = [
    row('HTTP API requests (1 per update)', (perThousand * prices.httpApiPerMillionRequests) / 1e6),
    row(
      `Lambda requests (${round(invocations, 2)} invocations per update: ${measured.functions
        .filter((f) => f.invocations > 0)
        .map((f) => f.name)
        .join(', ')})`,
      (perThousand * invocations * prices.lambdaPerMillionRequests) / 1e6,
    ),
    ...measured.functions
      .filter((f) => f.invocations > 0)
      .map((f) => row(`Lambda compute, ${f.name} (${Math.ceil(f.ms)} ms × ${memoryMb(f.name)} MB)`, compute(f.name, f.ms, f.invocations))),
    row(`DynamoDB writes (${round(measured.writeUnits, 2)} WRU per update)`, (perThousand * measured.writeUnits * prices.dynamoDbPerMillionWriteUnits) / 1e6),
    row(`DynamoDB reads (${round(measured.readUnits, 2)} RRU per update)`, (perThousand * measured.readUnits * prices.dynamoDbPerMillionReadUnits) / 1e6),
    row(`SES (${round(measured.emails, 2)} emails per update)`, perThousand * measured.emails * (prices.sesPerThousandEmails / 1000)),
  ];
  const total = rows.reduce((sum, r) => sum + (r.value ?? 0), 0);
  // What a durable update cannot cost less than: one API request, one record-update invocation, one write unit.
  const minimal =
    (perThousand * (prices.httpApiPerMillionRequests + prices.lambdaPerMillionRequests + prices.dynamoDbPerMillionWriteUnits)) / 1e6 +
    (recordUpdate ? compute(recordUpdate.name, recordUpdate.ms, 1) : 0);
  return { rows, total, minimal };
}

export function costModel(measured: CostResult['perUpdate']): SectionResult {
  const section = `Cost model: USD per 1,000 updates in ${prices.region} (arm64, on-demand)`;
  const { rows, total, minimal } = price(measured, section);
  // Each repetition's flow priced on its own: the ratio and its spread.
  const ratios = repeated(
    measured.repetitions.map((repetition) => {
      const priced = price(repetition, section);
      return priced.total / priced.minimal;
    }),
  );
  rows.push({
    section,
    figure: 'total',
    value: total,
    unit: 'USD',
    baseline: minimal,
    baselineLabel: 'API + 1 invocation + 1 WRU',
    ratio: round(ratios.median, 2),
    spread: spreadOf(ratios),
  });
  return {
    rows,
    notes: [
      `Prices are ${prices.region} list prices as of ${prices.asOf}, written into bench/cost-model.ts from the AWS pricing pages as remembered, not fetched by the bench. London's Lambda rates equal US East's and SES charges $0.10 per 1,000 emails in every region; the HTTP API ($${prices.httpApiPerMillionRequests} per million) and DynamoDB ($${prices.dynamoDbPerMillionWriteUnits} per million WRU, $${prices.dynamoDbPerMillionReadUnits} per million RRU, half the London rates before the November 2024 cut) figures are London's and the least certain. Check them before quoting: ${prices.sources.join('; ')}.`,
      'Units and emails are the measured per-update means of the plain JSON flow on the smallest history; the total’s ratio is the median of each repetition’s flow priced on its own. Durations are local medians (record-update: the POST round trip; a stream consumer: its first to last DynamoDB call), rounded up to the millisecond as Lambda bills. In AWS each DynamoDB call takes a few milliseconds longer, so compute is a low estimate; it stays the smallest line either way.',
      'One invocation per consumer per update assumes updates arrive a few a month, so every stream batch holds one record. Busier streams batch records and share invocations.',
      'Left out: free tiers; DynamoDB Streams reads (free for Lambda triggers); storage (an update is about 1 KB); CloudWatch Logs (WARN level logs almost nothing per update); X-Ray traces from active tracing; data transfer.',
    ],
    details: { prices, measured, total, minimal },
  };
}
