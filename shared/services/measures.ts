/**
 * Measures' use cases: the programme office defines them and changes their targets (each change
 * logged and audited), the stream puts each update's reported values into their series, and
 * reconcile derives the series again from the updates.
 */

import { type Actor, auditEntry } from '#shared/domain/audit';
import type { CommitmentChange } from '#shared/domain/commitment';
import { NotFound, parseFields, ValidationFailed } from '#shared/domain/errors';
import { newRecordId } from '#shared/domain/ids';
import { type Measure, type MeasureValue, measureDefinitionSchema, measureSeries, newMeasure, targetChangeSchema, withValue } from '#shared/domain/measure';
import { slugOf } from '#shared/domain/milestone';
import type { ProgressUpdate } from '#shared/domain/update';
import { type CommitmentPorts, publicActor, reporterOf } from '#shared/services/milestones';
import { withRetries } from '#shared/services/summarise';

const measureChange = (measure: Measure, at: string, by: CommitmentChange['by'], extra: Partial<CommitmentChange> = {}): CommitmentChange => ({
  priorityId: measure.priorityId,
  kind: 'MEASURE',
  id: measure.measureId,
  at,
  changeId: newRecordId(),
  by,
  ...extra,
  state: measure,
});

/** Defines a measure of a priority (the caller has checked the priority exists and the actor may). */
export async function defineMeasure(ports: CommitmentPorts, priorityId: string, actor: Actor, candidate: unknown, now = new Date()): Promise<Measure> {
  const { id, ...definition } = parseFields(measureDefinitionSchema, candidate, 'The measure has fields that need correcting.');
  const measureId = id ?? slugOf(definition.name);
  const { measures } = await ports.commitments.list(priorityId, true);
  if (measures.some(({ value }) => value.measureId === measureId)) {
    throw new ValidationFailed(
      [{ field: id ? 'id' : 'name', message: `a measure "${measureId}" exists already: choose another` }],
      'The measure has fields that need correcting.',
    );
  }
  const measure = newMeasure(priorityId, measureId, definition);
  const audit = auditEntry('measure-defined', actor, { kind: 'measure', id: measureId, priorityId }, { after: { ...definition } }, now);
  await ports.commitments.commit(measureChange(measure, now.toISOString(), publicActor(actor)), 0, audit);
  return measure;
}

/** Changes a measure's target, with the reason where one is given. */
export async function changeTarget(
  ports: CommitmentPorts,
  priorityId: string,
  measureId: string,
  actor: Actor,
  candidate: unknown,
  now = new Date(),
): Promise<Measure> {
  const { target, reason } = parseFields(targetChangeSchema, candidate, 'The target has fields that need correcting.');
  if (target.date <= (await currentMeasure(ports, priorityId, measureId)).value.baseline.date) {
    throw new ValidationFailed([{ field: 'target.date', message: 'must be after the baseline date' }], 'The target has fields that need correcting.');
  }
  return withRetries(async () => {
    const current = await currentMeasure(ports, priorityId, measureId);
    const measure: Measure = { ...current.value, target };
    const audit = auditEntry(
      'measure-changed',
      actor,
      { kind: 'measure', id: measureId, priorityId },
      { before: { target: current.value.target }, after: { target, ...(reason ? { reason } : {}) } },
      now,
    );
    await ports.commitments.commit(measureChange(measure, now.toISOString(), publicActor(actor), reason ? { reason } : {}), current.version, audit);
    return measure;
  });
}

async function currentMeasure(ports: CommitmentPorts, priorityId: string, measureId: string) {
  const { measures } = await ports.commitments.list(priorityId, true);
  const current = measures.find(({ value }) => value.measureId === measureId);
  if (!current) throw new NotFound(`There is no measure "${measureId}" of priority "${priorityId}".`);
  return current;
}

const withSeries = (measure: Measure, values: MeasureValue[]): Measure => {
  const { latest: _latest, ...rest } = measure;
  const latest = values[values.length - 1];
  return { ...rest, values, ...(latest ? { latest } : {}) };
};

/** Puts an update's reported values into their measures' series, each logged under the update's id; returns how many changed. */
export async function applyMeasureValues(
  ports: CommitmentPorts,
  update: Pick<ProgressUpdate, 'id' | 'priorityId' | 'period' | 'submittedAt' | 'author' | 'measures'>,
): Promise<number> {
  let changed = 0;
  for (const { id, value } of update.measures ?? []) {
    const applied = await withRetries(async (consistent) => {
      const current = await ports.commitments.item<Measure>('MEASURE', update.priorityId, id, consistent);
      if (!current) return false;
      const values = withValue(current.value.values, { period: update.period, value, updateId: update.id });
      const change = measureChange(withSeries(current.value, values), update.submittedAt, reporterOf(update), { changeId: update.id, updateId: update.id });
      return ports.commitments.commit(change, current.version);
    });
    if (applied) changed += 1;
  }
  return changed;
}

const sameSeries = (a: readonly MeasureValue[], b: readonly MeasureValue[]) =>
  a.length === b.length &&
  a.every((entry, index) => entry.period === b[index]!.period && entry.value === b[index]!.value && entry.updateId === b[index]!.updateId);

/**
 * Derives every measure's series of a priority again from its updates (given already filtered
 * to those in effect) and writes those that differ, logged as the service's; returns their ids.
 */
export async function recomputeMeasures(ports: CommitmentPorts, priorityId: string, updates: readonly ProgressUpdate[], now = new Date()): Promise<string[]> {
  const series = measureSeries(updates);
  const repaired: string[] = [];
  for (const { value: measure } of (await ports.commitments.list(priorityId, true)).measures) {
    const derived = series.get(measure.measureId) ?? [];
    if (sameSeries(derived, measure.values)) continue;
    await withRetries(async () => {
      const current = await currentMeasure(ports, priorityId, measure.measureId);
      const change = measureChange(
        withSeries(current.value, derived),
        now.toISOString(),
        { role: 'service', name: 'reconcile' },
        { reason: 'derived again from the updates' },
      );
      await ports.commitments.commit(change, current.version);
    });
    repaired.push(measure.measureId);
  }
  return repaired;
}
