/**
 * Board packs as stored: immutable, in a partition per quarter. A pack is split into parts
 * (one item per priority, one per update of the quarter) so that no item comes near
 * DynamoDB's 400 KB limit, each written only if absent under the id of the attempt that
 * writes it. The head, written last in one transaction with the pack's listing, completes the
 * pack and names its attempt: until it exists there is no pack, and once it exists nothing
 * replaces it, so a second attempt's parts are never read. Values are plain maps and strings.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { type Item, isCancelledByCondition, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { AuditEntry } from '#shared/domain/audit';
import { type BoardPack, type BoardPackHead, type BoardPackListing, type PackPriority, type PackUpdate, withPublicNames } from '#shared/domain/board-pack';

/** Parts written at once: a pack's few dozen items go in a few rounds without a burst on the partition. */
const partsAtOnce = 10;

function withoutPart<T>(item: Item): T {
  const { part: _part, packId: _packId, ...value } = strip<Record<string, unknown>>(item);
  return value as T;
}

export class BoardPacks {
  constructor(private readonly table: TableCore) {}

  /** A quarter's pack's head (what it holds, when it was made), read consistently; undefined when none has been made. */
  async head(quarter: string): Promise<BoardPackHead | undefined> {
    const head = await this.table.get(keys.boardPackHead(quarter), true);
    return head ? withoutPart<BoardPackHead>(head) : undefined;
  }

  /** A quarter's complete pack, or undefined when none has been made. */
  async get(quarter: string): Promise<BoardPack | undefined> {
    const head = await this.table.get(keys.boardPackHead(quarter), true);
    if (!head) return undefined;
    const packId = String(head.packId);
    const parts = await this.parts(quarter, packId);
    const priorities = new Map<string, PackPriority>();
    const updates = new Map<string, PackUpdate>();
    for (const item of parts) {
      if (item.part === 'priority') {
        const priority = withoutPart<PackPriority>(item);
        priorities.set(priority.priorityId, priority);
      } else if (item.part === 'update') {
        const update = withoutPart<PackUpdate>(item);
        updates.set(update.updateId, update);
      }
    }
    const value = withoutPart<BoardPackHead>(head);
    const ordered = value.priorityIds.map((id) => {
      const priority = priorities.get(id);
      if (!priority) throw new Error(`The board pack of ${quarter} has no part for ${id}`);
      return priority;
    });
    return withPublicNames({
      head: value,
      priorities: ordered,
      updates: ordered.flatMap((priority) =>
        priority.updateIds.map((id) => {
          const update = updates.get(id);
          if (!update) throw new Error(`The board pack of ${quarter} has no part for update ${id}`);
          return update;
        }),
      ),
    });
  }

  /**
   * An attempt's parts, read consistently: they were written just before the head, and a pack
   * read right after it was made (the maker returns it) must find every one of them.
   */
  private async parts(quarter: string, packId: string): Promise<Item[]> {
    return this.table.queryPartition(keys.boardPackPartition(quarter), keys.boardPackPartPrefix(packId), true);
  }

  /** The packs made, newest quarter first. */
  async list(): Promise<BoardPackListing[]> {
    const items = await this.table.queryPartition(keys.boardPackListPartition);
    return items.map((item) => strip<BoardPackListing>(item)).sort((a, b) => (a.quarter < b.quarter ? 1 : a.quarter > b.quarter ? -1 : 0));
  }

  /**
   * Stores a pack under a new attempt id, with the audit entry of its making in the head's
   * transaction; false, with nothing replaced and no entry, when the quarter has a complete pack
   * already (this attempt's parts then stay, unread).
   */
  async create(pack: BoardPack, packId: string, audit: AuditEntry): Promise<boolean> {
    const { quarter } = pack.head;
    const parts: { key: ReturnType<typeof keys.boardPackHead>; value: object }[] = [
      ...pack.priorities.map((priority) => ({
        key: keys.boardPackPriority(quarter, packId, priority.priorityId),
        value: { part: 'priority', packId, ...priority },
      })),
      ...pack.updates.map((update) => ({
        key: keys.boardPackUpdate(quarter, packId, update.priorityId, update.updateId),
        value: { part: 'update', packId, ...update },
      })),
    ];
    for (let i = 0; i < parts.length; i += partsAtOnce) {
      await Promise.all(
        parts.slice(i, i + partsAtOnce).map(async ({ key, value }) => {
          // The attempt id is new, so an existing part can only be this attempt's own write, retried by the SDK.
          await this.table.create(key, 'board-pack', value);
        }),
      );
    }
    const listing: BoardPackListing = {
      quarter,
      programmeTitle: pack.head.programmeTitle,
      madeAt: pack.head.madeAt,
      counts: pack.head.counts,
      noUpdate: pack.head.noUpdate,
      priorities: pack.head.priorityIds.length,
    };
    const TableName = this.table.tableName;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName,
                Item: { ...keys.boardPackHead(quarter), entity: 'board-pack', part: 'head', packId, ...pack.head },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName,
                Item: { ...keys.boardPackListing(quarter), entity: 'board-pack', ...listing },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            auditPut(TableName, audit),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isCancelledByCondition(error)) {
        // A lost answer to this very transaction, retried by the SDK, also lands here: it is stored if the head names this attempt.
        return (await this.table.get(keys.boardPackHead(quarter), true))?.packId === packId;
      }
      throw error;
    }
  }
}
