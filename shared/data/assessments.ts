/**
 * Independent assessments as stored: one item per priority, period and assessor role in a
 * partition of the priority's own (beside, not among, its updates), and the latest of them in the
 * PROGRAMME partition, where every dashboard read finds it with the summaries. The service that
 * answers the internet writes only the first; the summarise stream consumer makes the copy.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { Assessment } from '#shared/domain/assessment';

export class Assessments {
  constructor(private readonly table: TableCore) {}

  /** Records an assessment, replacing the same assessor role's one for the period. */
  async record(assessment: Assessment): Promise<void> {
    await this.table.replace(keys.assessment(assessment.priorityId, assessment.period, assessment.assessor.role), 'assessment', assessment);
  }

  /**
   * Makes an assessment the priority's current one unless one recorded later is current already
   * (`currentOf`'s rule), so a replayed or reordered stream record changes nothing. True when written.
   */
  async makeCurrent(assessment: Assessment): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { entity: 'assessment', ...assessment, ...keys.currentAssessment(assessment.priorityId) },
          ConditionExpression: 'attribute_not_exists(pk) OR assessedAt < :assessedAt',
          ExpressionAttributeValues: { ':assessedAt': assessment.assessedAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** A priority's assessments, by period then role. */
  async history(priorityId: string): Promise<Assessment[]> {
    const items = await this.table.queryPartition(keys.assessmentPartition(priorityId));
    return items.map((item) => strip<Assessment>(item));
  }
}
