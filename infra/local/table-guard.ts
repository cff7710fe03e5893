/**
 * The local stand-in for IAM on the table. While a function's handler runs on the local stack,
 * every call it makes through the shared DynamoDB client is checked against what the function's
 * definition grants it: its table actions, and the partitions its reads and its writes
 * may reach (the `dynamodb:LeadingKeys` conditions). A call AWS would deny fails the same way
 * here, so a handler that reaches beyond its grants fails its tests instead of its first deployment.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isWriteAction, type TableAction } from '#shared/grants';
import { type FunctionName, functions } from '../../functions/index.ts';

const running = new AsyncLocalStorage<FunctionName>();

/** Runs `work` as the named function: table calls made inside it are checked against that function's grants. */
export function runAs<T>(name: FunctionName, work: () => Promise<T>): Promise<T> {
  return running.run(name, work);
}

type Attribute = string | { S?: string } | undefined;
type Input = Record<string, unknown>;

/** A partition key value, marshalled (`{ S: … }`) or not, depending on where in the stack the input is read. */
function pkOf(item: unknown): string | undefined {
  const pk = (item as { pk?: Attribute } | undefined)?.pk;
  return typeof pk === 'string' ? pk : pk?.S;
}

/** The actions a command needs, with the partition each one touches. */
function accessOf(command: string, input: Input): { action: TableAction | string; partition: string | undefined }[] {
  switch (command) {
    case 'GetItemCommand':
      return [{ action: 'dynamodb:GetItem', partition: pkOf(input.Key) }];
    case 'PutItemCommand':
      return [{ action: 'dynamodb:PutItem', partition: pkOf(input.Item) }];
    case 'UpdateItemCommand':
      return [{ action: 'dynamodb:UpdateItem', partition: pkOf(input.Key) }];
    case 'DeleteItemCommand':
      return [{ action: 'dynamodb:DeleteItem', partition: pkOf(input.Key) }];
    case 'QueryCommand':
      return [{ action: 'dynamodb:Query', partition: pkOf({ pk: (input.ExpressionAttributeValues as Record<string, Attribute> | undefined)?.[':pk'] }) }];
    case 'BatchGetItemCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).flatMap((request) =>
        (request.Keys ?? []).map((key) => ({ action: 'dynamodb:BatchGetItem', partition: pkOf(key) })),
      );
    case 'TransactWriteItemsCommand':
      return ((input.TransactItems ?? []) as Record<string, Input>[]).flatMap((entry) => {
        if (entry.Put) return [{ action: 'dynamodb:PutItem', partition: pkOf(entry.Put.Item) }];
        if (entry.Update) return [{ action: 'dynamodb:UpdateItem', partition: pkOf(entry.Update.Key) }];
        if (entry.Delete) return [{ action: 'dynamodb:DeleteItem', partition: pkOf(entry.Delete.Key) }];
        return [{ action: 'dynamodb:ConditionCheckItem', partition: pkOf((entry.ConditionCheck as Input | undefined)?.Key) }];
      });
    default:
      return [{ action: `dynamodb:${command.replace(/Command$/, '')}`, partition: undefined }];
  }
}

/** IAM's StringLike: `*` matches any run of characters, `?` any one. */
export function stringLike(pattern: string, value: string): boolean {
  const source = [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

export class AccessDenied extends Error {
  override readonly name = 'AccessDeniedException';
}

/** Throws when the function may not make this call. */
export function checkAccess(name: FunctionName, command: string, input: Input): void {
  const definition = functions[name] as {
    tableActions: readonly TableAction[];
    readPartitions?: readonly string[];
    writePartitions?: readonly string[];
    appendPartitions?: readonly string[];
  };
  for (const { action, partition } of accessOf(command, input)) {
    if (!(definition.tableActions as readonly string[]).includes(action)) {
      throw new AccessDenied(`${name} is not granted ${action} (the function list grants ${definition.tableActions.join(', ') || 'no table actions'})`);
    }
    // Every granted action is a read or a write, and each kind reaches only its partitions (none declared, none reached).
    const writing = isWriteAction(action);
    // A PutItem may also add to the append-only partitions (the audit log); nothing else reaches them.
    const appends = action === 'dynamodb:PutItem' ? (definition.appendPartitions ?? []) : [];
    const limits = [...((writing ? definition.writePartitions : definition.readPartitions) ?? []), ...appends];
    const verb = writing ? 'write to' : 'read';
    if (!(partition !== undefined && limits.some((pattern) => stringLike(pattern, partition)))) {
      throw new AccessDenied(`${name} may not ${verb} partition ${partition ?? '(unknown)'} (it may ${verb} ${limits.join(', ') || 'no partition'})`);
    }
  }
}

const guarded = new WeakSet<DynamoDBClient>();

/** Checks every call made through this client while a function runs (see `runAs`). */
export function guardTable(client: DynamoDBClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = running.getStore();
      if (name) checkAccess(name, context.commandName ?? '', args.input as Input);
      return next(args);
    },
    { step: 'serialize', priority: 'high', name: 'localTableGuard' },
  );
}
