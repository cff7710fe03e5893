/**
 * Counts DynamoDB capacity per operation. A middleware on a client asks every command for
 * ReturnConsumedCapacity: 'TOTAL' and records what each call cost, tagged with the phase of the
 * flow it ran in and the kind of item it touched (credential, summary, portfolio, update…).
 * Installed on the shared client in shared/data/client.ts, it sees every call the handlers and
 * Powertools Idempotency make. DynamoDB Local does report consumed capacity; when a response
 * lacks it, units are estimated from item sizes by DynamoDB's rules and flagged as estimates.
 */
import type { AttributeValue, ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { keys } from '#shared/data/keys';

export interface MeteredOperation {
  phase: string;
  /** The DynamoDB API action, e.g. GetItem, whichever client flavour sent it. */
  operation: string;
  /** What the call touched: credential, summary, portfolio, update, idempotency record… */
  target: string;
  consistentRead: boolean;
  writeUnits: number;
  readUnits: number;
  /** Size of the item written or read, by DynamoDB's size rules; undefined when not visible. */
  itemBytes: number | undefined;
  /** True when the units came from DynamoDB's ConsumedCapacity rather than an estimate. */
  reported: boolean;
  failed: boolean;
  startedAt: number;
  endedAt: number;
}

type Loose = Record<string, unknown>;

const readActions = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/** DocumentClient commands run through their low-level twins, so the context names the API action. */
function actionOf(commandName: string | undefined): string {
  return (commandName ?? 'Unknown').replace(/Command$/, '');
}

const attributeTags = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);

/** DocumentClient calls carry plain values at this step; low-level calls (Powertools) carry AttributeValues. */
function isAttributeMap(item: Loose): boolean {
  return Object.values(item).every((value) => {
    if (!value || typeof value !== 'object') return false;
    const tags = Object.keys(value);
    return tags.length === 1 && attributeTags.has(tags[0]!);
  });
}

/** Size of one attribute value in bytes, as DynamoDB counts it for capacity. */
function attributeSize(value: AttributeValue): number {
  const v = value as {
    S?: string;
    N?: string;
    B?: Uint8Array;
    BOOL?: boolean;
    NULL?: boolean;
    L?: AttributeValue[];
    M?: Record<string, AttributeValue>;
    SS?: string[];
    NS?: string[];
    BS?: Uint8Array[];
  };
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^[-+]?0*|[.eE].*$/g, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.L !== undefined) return 3 + v.L.reduce((sum, element) => sum + attributeSize(element) + 1, 0);
  if (v.M !== undefined) return 3 + Object.entries(v.M).reduce((sum, [name, element]) => sum + Buffer.byteLength(name) + attributeSize(element) + 1, 0);
  if (v.SS !== undefined) return v.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (v.NS !== undefined) return v.NS.reduce((sum, n) => sum + attributeSize({ N: n }), 0);
  if (v.BS !== undefined) return v.BS.reduce((sum, b) => sum + b.byteLength, 0);
  return 0;
}

/** Size of an item: attribute names plus values. */
function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + attributeSize(value), 0);
}

function marshalled(item: unknown): Record<string, AttributeValue> | undefined {
  if (!item || typeof item !== 'object') return undefined;
  if (isAttributeMap(item as Loose)) return item as Record<string, AttributeValue>;
  return marshall(item as Loose, { removeUndefinedValues: true, convertClassInstanceToMap: false });
}

function keyString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string') return (value as { S: string }).S;
  return '';
}

const credentialPrefix = keys.credential('').pk;
const summaryPrefix = keys.summary('').sk;
const priorityProfilePrefix = keys.priority('').sk;
const deliveryPrefix = keys.delivery('', '').pk;

/** The kind of item a key belongs to, from the project's key builders. */
function targetOf(pk: string, sk: string): string {
  if (pk === keys.commitmentsPartition) return sk ? 'commitment' : keys.commitmentsPartition;
  if (pk === keys.commitmentLogPartition) return 'commitment history entry';
  if (pk.startsWith(credentialPrefix)) return 'credential';
  if (sk.startsWith(keys.updatePrefix)) return 'update';
  if (sk.startsWith(summaryPrefix)) return 'summary';
  if (sk.startsWith(priorityProfilePrefix)) return 'priority profile';
  if (pk === keys.programme().pk && sk === keys.programme().sk) return 'programme';
  if (pk === keys.peoplePartition) return 'person';
  if (pk.startsWith(deliveryPrefix)) return 'delivery';
  if (pk === keys.lastDigest().pk) return 'digest';
  if (pk.startsWith('idempotency#')) return 'idempotency record';
  return pk || 'unknown';
}

function describeTarget(input: Loose): string {
  const key = (input.Key ?? input.Item) as Loose | undefined;
  if (key) return targetOf(keyString(key.pk), keyString(key.sk));
  if (input.RequestItems) {
    // BatchGetItem lists Keys per table; BatchWriteItem lists put and delete requests.
    const targets = new Set<string>();
    for (const request of Object.values(input.RequestItems as Record<string, Loose | Loose[]>)) {
      const items = Array.isArray(request)
        ? request.map((r) => ((r.PutRequest as Loose | undefined)?.Item ?? (r.DeleteRequest as Loose | undefined)?.Key) as Loose | undefined)
        : ((request.Keys as Loose[] | undefined) ?? []);
      for (const item of items) if (item) targets.add(targetOf(keyString(item.pk), keyString(item.sk)));
    }
    return [...targets].join(' + ') || 'batch';
  }
  if (Array.isArray(input.TransactItems)) {
    // A transaction: the kinds of item it writes.
    const items = (input.TransactItems as Loose[]).map((entry) => Object.values(entry)[0] as Loose | undefined);
    const targets = new Set(items.map((item) => (item ? describeTarget(item) : 'unknown')));
    return [...targets].join(' + ');
  }
  const values = input.ExpressionAttributeValues as Loose | undefined;
  if (values?.[':pk'] !== undefined) return `query ${targetOf(keyString(values[':pk']), '')}`;
  return 'unknown';
}

function unitsFrom(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, isRead: boolean): { read: number; write: number } | undefined {
  if (!consumed) return undefined;
  const all = Array.isArray(consumed) ? consumed : [consumed];
  if (all.length === 0) return undefined;
  let read = 0;
  let write = 0;
  for (const entry of all) {
    const total = entry.CapacityUnits ?? 0;
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      read += entry.ReadCapacityUnits ?? 0;
      write += entry.WriteCapacityUnits ?? 0;
    } else if (isRead) read += total;
    else write += total;
  }
  return { read, write };
}

/** DynamoDB's rules when no ConsumedCapacity came back: writes per 1 KB, reads per 4 KB (half when eventually consistent); a floor elsewhere. */
function estimate(action: string, bytes: number | undefined, consistent: boolean): { read: number; write: number } {
  if (action === 'PutItem') return { read: 0, write: Math.max(1, Math.ceil((bytes ?? 0) / 1024)) };
  if (action === 'GetItem') return { read: Math.max(1, Math.ceil((bytes ?? 0) / 4096)) * (consistent ? 1 : 0.5), write: 0 };
  // Updates and deletes are charged on the larger of the old and new item, which the request does not
  // show: count the one unit every write costs at least.
  return readActions.has(action) ? { read: 1, write: 0 } : { read: 0, write: 1 };
}

const middlewareName = 'benchConsumedCapacity';

export class CapacityMeter {
  private phase: string | undefined;
  private operations: MeteredOperation[] = [];
  private client: DynamoDBClient | undefined;
  /** performance.now() of the last call seen, for waiting until a flow has gone quiet. */
  lastActivityAt = 0;

  install(client: DynamoDBClient): void {
    this.client = client;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const phase = this.phase;
        if (!phase) return next(args);
        const action = actionOf(context.commandName);
        const input = args.input as Loose;
        const consistentRead = input.ConsistentRead === true;
        const startedAt = performance.now();
        this.lastActivityAt = startedAt;
        const record = (output: Loose | undefined, failed: boolean) => {
          const endedAt = performance.now();
          this.lastActivityAt = endedAt;
          const isRead = readActions.has(action);
          const item = isRead ? output?.Item : input.Item;
          const shape = marshalled(item);
          const itemBytes = shape ? itemSize(shape) : undefined;
          const reported = unitsFrom(output?.ConsumedCapacity as ConsumedCapacity | ConsumedCapacity[] | undefined, isRead);
          const units = reported ?? estimate(action, itemBytes, consistentRead);
          this.operations.push({
            phase,
            operation: action,
            target: describeTarget(input),
            consistentRead,
            writeUnits: units.write,
            readUnits: units.read,
            itemBytes,
            reported: reported !== undefined,
            failed,
            startedAt,
            endedAt,
          });
        };
        try {
          const result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } });
          record(result.output as unknown as Loose, false);
          return result;
        } catch (error) {
          // A failed conditional write is still charged; its units are not in the error, so estimate them.
          record(undefined, true);
          throw error;
        }
      },
      { step: 'initialize', name: middlewareName, override: true },
    );
  }

  uninstall(): void {
    this.client?.middlewareStack.remove(middlewareName);
    this.client = undefined;
  }

  /** Tags every following call with `phase` until the next call of record() or pause(). */
  record(phase: string): void {
    this.phase = phase;
  }

  pause(): void {
    this.phase = undefined;
  }

  /** Everything recorded since the last take(). */
  take(): MeteredOperation[] {
    const taken = this.operations;
    this.operations = [];
    return taken;
  }
}
