/**
 * The audit log as stored: entries are only ever created (no function is granted an update or
 * delete of AUDIT#*), each in the transaction of the act it records.
 */
import { expiresAtSeconds, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import { type AuditEntry, auditMonths } from '#shared/domain/audit';
import { auditRecordDays } from '#shared/domain/retention';

/** The Put of one entry, for the TransactItems of the act it records. */
export function auditPut(tableName: string, entry: AuditEntry) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.audit(entry.at, entry.auditId), entity: 'audit', ...entry, ttl: expiresAtSeconds(entry.at, auditRecordDays * 86_400) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  } as const;
}

export class AuditLog {
  constructor(private readonly table: TableCore) {}

  /** Every entry from `since` to `until`, oldest first. */
  async between(since: Date, until = new Date()): Promise<AuditEntry[]> {
    const from = since.toISOString();
    const to = until.toISOString();
    const entries: AuditEntry[] = [];
    for (const month of auditMonths(since, until)) {
      for (const item of await this.table.queryPartition(keys.auditPartition(month), 'AT#', true)) {
        const entry = strip<AuditEntry>(item);
        if (entry.at >= from && entry.at <= to) entries.push(entry);
      }
    }
    return entries;
  }
}
