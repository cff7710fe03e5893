/**
 * The local stand-in for IAM on the table. While a function's handler runs on the local stack,
 * every call it makes through the shared DynamoDB client is checked against what the function's
 * definition grants it: its table actions, and the partitions its reads and its writes
 * may reach (the `dynamodb:LeadingKeys` conditions). A call AWS would deny fails the same way
 * here, so a handler that reaches beyond its grants fails its tests instead of its first deployment.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { FunctionDefinition } from '#shared/function-definition';
import { createAction, createCondition, isWriteAction, type TableAction } from '#shared/grants';
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

interface Access {
  action: TableAction | string;
  partition: string | undefined;
  /** A put's condition expression: a put to a create partition must only create. */
  condition?: string;
}

const conditionOf = (input: Input | undefined): { condition?: string } =>
  typeof input?.ConditionExpression === 'string' ? { condition: input.ConditionExpression } : {};

/** The actions a command needs, with the partition each one touches. */
function accessOf(command: string, input: Input): Access[] {
  switch (command) {
    case 'GetItemCommand':
      return [{ action: 'dynamodb:GetItem', partition: pkOf(input.Key) }];
    case 'PutItemCommand':
      return [{ action: 'dynamodb:PutItem', partition: pkOf(input.Item), ...conditionOf(input) }];
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
        if (entry.Put) return [{ action: 'dynamodb:PutItem', partition: pkOf(entry.Put.Item), ...conditionOf(entry.Put as Input) }];
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

/** Whether a put only creates: its condition requires that no item has the key. */
const onlyCreates = (condition: string | undefined) => condition?.replace(/\s+/g, '') === createCondition;

/** Throws when the function may not make this call. */
export function checkAccess(name: FunctionName, command: string, input: Input): void {
  const definition = functions[name] as FunctionDefinition;
  for (const { action, partition, condition } of accessOf(command, input)) {
    if (!(definition.tableActions as readonly string[]).includes(action)) {
      throw new AccessDenied(`${name} is not granted ${action} (the function list grants ${definition.tableActions.join(', ') || 'no table actions'})`);
    }
    // Every granted action is a read or a write, and each kind reaches only its partitions (none declared, none reached).
    const writing = isWriteAction(action);
    const limits = (writing ? definition.writePartitions : definition.readPartitions) ?? [];
    const within = (patterns: readonly string[]) => partition !== undefined && patterns.some((pattern) => stringLike(pattern, partition));
    if (within(limits)) continue;
    // IAM grants a create partition PutItem alone; here the put must also carry the condition that makes it a create.
    const creates = definition.createPartitions ?? [];
    if (action === createAction && within(creates)) {
      if (onlyCreates(condition)) continue;
      throw new AccessDenied(`${name} may only create items in partition ${partition}: a put there needs the condition ${createCondition}`);
    }
    const verb = writing ? 'write to' : 'read';
    const reach = writing ? [...limits, ...creates.map((pattern) => `${pattern} (create only)`)] : limits;
    throw new AccessDenied(`${name} may not ${verb} partition ${partition ?? '(unknown)'} (it may ${verb} ${reach.join(', ') || 'no partition'})`);
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
