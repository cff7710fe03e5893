/**
 * Grants a function exactly the table actions the function list gives it, on this table
 * only (the function learns the table's name through its TABLE_NAME setting), each kind
 * held to its partitions.
 */

import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { createAction, isReadAction, isWriteAction, type TableAction } from '#shared/grants';

export interface TableAccess {
  actions: readonly TableAction[];
  /** Partition key patterns (`*` as wildcard) the read actions may reach: IAM `dynamodb:LeadingKeys`. */
  readPartitions?: readonly string[];
  /** Partition key patterns the write actions may reach, likewise. */
  writePartitions?: readonly string[];
  /** Partition key patterns where only PutItem is granted: the function adds items there and changes none (see `createPartitions`). */
  createPartitions?: readonly string[];
}

export function grantTableAccess(fn: LambdaFunction, table: ITable, access: TableAccess): void {
  if (access.actions.length === 0) throw new Error(`${fn.node.path}: no table actions to grant; leave the table out instead.`);
  // The table has no secondary indexes, so its own ARN is the only resource needed.
  const resources = [table.tableArn];
  const writes = access.actions.filter(isWriteAction);
  const kinds = [
    { kind: 'read', sid: 'TableReads', actions: access.actions.filter(isReadAction), partitions: access.readPartitions },
    // A function that only creates has no write partitions: its PutItem is granted below, on its create partitions alone.
    {
      kind: 'write',
      sid: 'TableWrites',
      actions: access.createPartitions && !access.writePartitions ? writes.filter((action) => action !== createAction) : writes,
      partitions: access.writePartitions,
    },
  ];
  if (access.createPartitions) {
    if (!writes.includes(createAction)) throw new Error(`${fn.node.path}: create partitions need ${createAction} among the table actions.`);
    kinds.push({ kind: 'create', sid: 'TableCreates', actions: [createAction], partitions: access.createPartitions });
  }
  for (const { kind, sid, actions, partitions } of kinds) {
    if (actions.length === 0) continue;
    // Without partitions the grant would reach every item, tokens and people included.
    if (!partitions || partitions.length === 0) throw new Error(`${fn.node.path}: ${kind} actions need ${kind} partitions.`);
    fn.addToRolePolicy(
      new PolicyStatement({
        // A Sid of its own keeps reads and writes apart when their partitions are the same (minimizePolicies would merge them).
        sid,
        actions,
        resources,
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } },
      }),
    );
  }

  if (table.encryptionKey) {
    if (access.actions.some(isWriteAction)) table.encryptionKey.grantEncryptDecrypt(fn);
    else table.encryptionKey.grantDecrypt(fn);
  }
}
