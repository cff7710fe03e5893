/**
 * Independent assessments as stored: one item per priority, period and assessor role in a
 * partition of the priority's own (beside, not among, its updates), and the latest of them in the
 * PROGRAMME partition, where every dashboard read finds it with the summaries.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { Assessment } from '#shared/domain/assessment';

export class Assessments {
  constructor(private readonly table: TableCore) {}

  /** Records an assessment, replacing the same assessor role's one for the period, and makes it the current one. */
  async record(assessment: Assessment): Promise<void> {
    const item = { entity: 'assessment', ...assessment };
    await this.table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: { TableName: this.table.tableName, Item: { ...keys.assessment(assessment.priorityId, assessment.period, assessment.assessor.role), ...item } },
          },
          { Put: { TableName: this.table.tableName, Item: { ...keys.currentAssessment(assessment.priorityId), ...item } } },
        ],
      }),
    );
  }

  /** A priority's assessments, by period then role. */
  async history(priorityId: string): Promise<Assessment[]> {
    const items = await this.table.queryPartition(keys.assessmentPartition(priorityId));
    return items.map((item) => strip<Assessment>(item));
  }
}
