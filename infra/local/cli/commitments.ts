/**
 * `npm run commitments -- <list|add-milestone|rebaseline|add-measure|set-target> …` defines a
 * priority's milestones and measures, on the local stack or, with `--stage <stage>`, on a
 * deployed stage, as the programme office would from the page. Every change is logged with the
 * item and recorded in the audit log with the operator.
 *   list          --priority ID
 *   add-milestone --priority ID --title T --baseline YYYY-MM-DD [--id ID]
 *   rebaseline    --priority ID --id ID --baseline YYYY-MM-DD --reason R
 *   add-measure   --priority ID --name N --unit count|percentage|gbp --better higher|lower
 *                 --baseline-value V --baseline-date D --target-value V --target-date D [--id ID]
 *   set-target    --priority ID --id ID --target-value V --target-date D [--reason R]
 */
import { parseArgs } from 'node:util';
import { londonDate } from '#shared/domain/calendar';
import { DomainError } from '#shared/domain/errors';
import { formatValue, isOffTrack, measureCandidateFromForm, targetCandidateFromForm } from '#shared/domain/measure';
import { isLate, milestoneCandidateFromForm, rebaselineCandidateFromForm, slippage } from '#shared/domain/milestone';
import { changeTarget, defineMeasure } from '#shared/services/measures';
import { defineMilestone, rebaselineMilestone } from '#shared/services/milestones';
import { settingSchemas } from '#shared/settings';
import { explain, fail, targetOrExit } from './target.ts';

const usage = `Usage:
  npm run commitments -- list --priority <id> [--stage <stage>]
  npm run commitments -- add-milestone --priority <id> --title <title> --baseline <YYYY-MM-DD> [--id <id>] [--stage <stage>]
  npm run commitments -- rebaseline --priority <id> --id <milestoneId> --baseline <YYYY-MM-DD> --reason <reason> [--stage <stage>]
  npm run commitments -- add-measure --priority <id> --name <name> --unit <count|percentage|gbp> --better <higher|lower> --baseline-value <n> --baseline-date <YYYY-MM-DD> --target-value <n> --target-date <YYYY-MM-DD> [--id <id>] [--stage <stage>]
  npm run commitments -- set-target --priority <id> --id <measureId> --target-value <n> --target-date <YYYY-MM-DD> [--reason <reason>] [--stage <stage>]`;

const commands = ['list', 'add-milestone', 'rebaseline', 'add-measure', 'set-target'];
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: Object.fromEntries(
      [
        'priority',
        'id',
        'title',
        'baseline',
        'reason',
        'name',
        'unit',
        'better',
        'baseline-value',
        'baseline-date',
        'target-value',
        'target-date',
        'stage',
      ].map((name) => [name, { type: 'string' as const }]),
    ),
  });
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
const { values, positionals } = parsed;
const command = positionals[0];
if (!command || !commands.includes(command)) fail(usage);
const priorityId = values.priority;
if (typeof priorityId !== 'string') fail(`--priority is required.\n${usage}`);
if ((command === 'rebaseline' || command === 'set-target') && !values.id) fail(`--id is required.\n${usage}`);

// The options under the names the page's form fields have, so the same candidates and errors follow.
const form: Record<string, unknown> = {
  ...values,
  baselineValue: values['baseline-value'],
  baselineDate: values['baseline-date'],
  targetValue: values['target-value'],
  targetDate: values['target-date'],
};
const optionOf = (field: string) => `--${field.replace(/\./g, '-').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

const { stores, describe, operator, close } = await targetOrExit(values.stage);
const tolerance = settingSchemas.MEASURE_TOLERANCE_PERCENT.parse(process.env.MEASURE_TOLERANCE_PERCENT);

try {
  if (!(await stores.catalogue.priorityProfile(priorityId))) fail(`There is no priority "${priorityId}".`);
  if (command === 'list') {
    const { milestones, measures } = await stores.commitments.list(priorityId, true);
    const today = londonDate(new Date());
    for (const { value: m } of milestones) {
      const forecast = m.status === 'done' ? `done ${m.actual}` : (m.forecast ?? 'no forecast');
      console.log(
        ['milestone', m.milestoneId, m.title, `baseline ${m.baseline}`, forecast, `${slippage(m)} working days`, m.status, isLate(m, today) ? 'LATE' : ''].join(
          '\t',
        ),
      );
    }
    for (const { value: m } of measures) {
      const latest = m.latest ? `${formatValue(m.unit, m.latest.value)} for ${m.latest.period}` : 'not reported';
      const target = `target ${formatValue(m.unit, m.target.value)} by ${m.target.date}`;
      console.log(
        [
          'measure',
          m.measureId,
          m.name,
          `baseline ${formatValue(m.unit, m.baseline.value)} on ${m.baseline.date}`,
          target,
          latest,
          isOffTrack(m, tolerance) ? 'OFF TRACK' : '',
        ].join('\t'),
      );
    }
    console.error(`${milestones.length} milestones and ${measures.length} measures of ${priorityId} (${describe}).`);
  } else if (command === 'add-milestone') {
    const milestone = await defineMilestone(stores, priorityId, await operator(), milestoneCandidateFromForm(form));
    console.log(milestone.milestoneId);
    console.error(`Added the milestone "${milestone.title}", baseline ${milestone.baseline} (${describe}).`);
  } else if (command === 'rebaseline') {
    const milestone = await rebaselineMilestone(stores, priorityId, values.id!, await operator(), rebaselineCandidateFromForm(form));
    console.log(`Re-baselined ${milestone.milestoneId} to ${milestone.baseline} (${describe}).`);
  } else if (command === 'add-measure') {
    const measure = await defineMeasure(stores, priorityId, await operator(), measureCandidateFromForm(form));
    console.log(measure.measureId);
    console.error(`Added the measure "${measure.name}" (${describe}).`);
  } else {
    const measure = await changeTarget(stores, priorityId, values.id!, await operator(), targetCandidateFromForm(form));
    console.log(`The target of ${measure.measureId} is now ${formatValue(measure.unit, measure.target.value)} by ${measure.target.date} (${describe}).`);
  }
} catch (error) {
  if (error instanceof DomainError) {
    fail(
      error.fieldErrors.length > 0
        ? `${error.fieldErrors.map((e) => `${optionOf(e.field)}: ${e.message}`).join('\n')}\n${usage}`
        : `${error.message} (${describe})`,
    );
  }
  fail(explain(error, describe, values.stage));
} finally {
  close();
}
