/**
 * `npm run reconcile [-- --full] [--stage <stage>]`: re-derives every summary that missed an
 * update, through the reconcile function: in this process against the
 * local stack, or with `--stage` by invoking the deployed function, so its repairs are
 * logged and counted in the account like a scheduled run's. `--full` reads every priority's
 * whole history instead of comparing with the newest updates first.
 */
import { parseArgs } from 'node:util';
import type { ReconcileReport } from '#shared/services/reconcile';
import { outputKeys } from '../../naming.ts';
import { invoke } from '../lambda.ts';
import { localFunctionEnvironment, localSettings } from '../settings.ts';
import { explain, fail, invokeDeployed } from './target.ts';

let values;
try {
  ({ values } = parseArgs({ options: { full: { type: 'boolean', default: false }, stage: { type: 'string' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\nUsage: npm run reconcile [-- --full] [--stage <stage>]`);
}
const { stage } = values;
const event = { full: values.full };

function describe(report: ReconcileReport): string {
  const lines = [
    `Checked ${report.priorities} priorities; read the whole history of ${report.historiesRead}.`,
    ...report.summariesRepaired.map(
      ({ priorityId, missing, before, after }) =>
        `${missing ? 'Rebuilt the missing' : 'Repaired the'} summary of ${priorityId}: last update ${before.lastUpdateId ?? 'none'} → ${after.lastUpdateId ?? 'none'}, ` +
        `${before.updateCount} → ${after.updateCount} updates, status ${before.status ?? 'none'} → ${after.status ?? 'none'}.`,
    ),
  ];
  if (report.summariesRepaired.length === 0) lines.push('Every summary agrees with the updates.');
  for (const { priorityId, milestoneReports, measures } of report.commitmentsRepaired ?? []) {
    lines.push(
      `Repaired the commitments of ${priorityId}: ${milestoneReports} milestone reports applied; measures derived again: ${measures.join(', ') || 'none'}.`,
    );
  }
  return lines.join('\n');
}

const settings = localSettings();
try {
  let report: ReconcileReport;
  if (stage === undefined) {
    Object.assign(process.env, localFunctionEnvironment(settings));
    report = await invoke<ReconcileReport>('reconcile', event);
  } else {
    report = await invokeDeployed<ReconcileReport>(stage, outputKeys.reconcileFunction, event);
  }
  console.log(describe(report));
} catch (error) {
  fail(explain(error, stage === undefined ? `table ${settings.TABLE_NAME} on ${settings.dynamoDbEndpoint}` : `stage ${stage}`, stage));
}
