/**
 * Grants a function exactly the table actions the function list gives it, on this table
 * only, and tells the function which table that is: permission and TABLE_NAME move together.
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { TableAction } from '../../shared/functions.ts';

const writeActions: ReadonlySet<TableAction> = new Set(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']);

export interface TableAccess {
  actions: readonly TableAction[];
  /**
   * When set, the function may only touch items whose partition key is one of these
   * (IAM condition `dynamodb:LeadingKeys`).
   */
  partitionKeys?: readonly string[];
}

export function grantTableAccess(fn: LambdaFunction, table: ITable, access: TableAccess): void {
  if (access.actions.length === 0) throw new Error(`${fn.node.path}: no table actions to grant; leave the table out instead.`);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [...access.actions],
      // The table has no secondary indexes, so its own ARN is the only resource needed.
      resources: [table.tableArn],
      ...(access.partitionKeys
        ? { conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...access.partitionKeys] } } }
        : {}),
    }),
  );
  if (table.encryptionKey) {
    const writes = access.actions.some((action) => writeActions.has(action));
    if (writes) table.encryptionKey.grantEncryptDecrypt(fn);
    else table.encryptionKey.grantDecrypt(fn);
  }
  fn.addEnvironment('TABLE_NAME', table.tableName);
}
