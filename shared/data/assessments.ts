/**
 * Independent assessments as stored: one item per priority, period and assessor role in a
 * partition of the priority's own (beside, not among, its updates), and the latest of them in the
 * PROGRAMME partition, where every dashboard read finds it with the summaries. The service that
 * answers the internet writes only the first; the summarise stream consumer makes the copy.
 */
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { isCancelledByCondition, isConditionFailure, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { Assessment } from '#shared/domain/assessment';
import type { AuditEntry } from '#shared/domain/audit';

export class Assessments {
  constructor(private readonly table: TableCore) {}

  /** The assessor role's assessment of a priority for a period, read consistently: the one a new one would replace. */
  async get(priorityId: string, period: string, role: Assessment['assessor']['role']): Promise<Assessment | undefined> {
    const item = await this.table.get(keys.assessment(priorityId, period, role), true);
    return item ? strip<Assessment>(item) : undefined;
  }

  /**
   * Records an assessment with its audit entry, replacing `replacing` (the same assessor role's
   * one for the period, as read) or none. False, with nothing written, when the stored one is no
   * longer `replacing`: the entry's "before" would be wrong.
   */
  async record(assessment: Assessment, audit: AuditEntry, replacing?: Assessment): Promise<boolean> {
    const item = { entity: 'assessment', ...assessment };
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.assessment(assessment.priorityId, assessment.period, assessment.assessor.role), ...item },
                ...(replacing
                  ? { ConditionExpression: 'assessedAt = :replacing', ExpressionAttributeValues: { ':replacing': replacing.assessedAt } }
                  : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            auditPut(this.table.tableName, audit),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isCancelledByCondition(error)) return false;
      throw error;
    }
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
