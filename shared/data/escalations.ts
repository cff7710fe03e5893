/**
 * Which priorities have been escalated to the board for a period: written by the digest once
 * the board has been sent the escalation, read by it (to escalate each priority once per
 * period) and by the missed-updates page. Kept in a partition per period, apart from the
 * outbox, so a public page can read them without reading anyone's address.
 */
import { expiresAtSeconds, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import { escalationRecordDays } from '#shared/domain/retention';

export interface Escalation {
  period: string;
  priorityId: string;
  /** When the board was sent it. */
  escalatedAt: string;
}

export class Escalations {
  constructor(private readonly table: TableCore) {}

  /** The period's escalations by priority. */
  async forPeriod(period: string): Promise<Map<string, Escalation>> {
    const items = await this.table.queryPartition(keys.escalationPartition(period));
    return new Map(items.map((item) => strip<Escalation>(item)).map((escalation) => [escalation.priorityId, escalation]));
  }

  /** Records an escalation; the first one recorded stands. */
  async record(escalation: Escalation): Promise<void> {
    await this.table.create(
      keys.escalation(escalation.period, escalation.priorityId),
      'escalation',
      escalation,
      expiresAtSeconds(escalation.escalatedAt, escalationRecordDays * 86_400),
    );
  }
}
