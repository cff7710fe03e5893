/**
 * Grants a function exactly the table actions the function list gives it, on this table
 * only (the function learns the table's name through its TABLE_NAME setting).
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { TableAction } from '#shared/functions';

const writeActions: ReadonlySet<TableAction> = new Set(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']);

export interface TableAccess {
  actions: readonly TableAction[];
  /**
   * When set, write actions only reach items whose partition key matches one of these
   * patterns (IAM `dynamodb:LeadingKeys`, `*` as wildcard); reads stay unrestricted.
   */
  writePartitions?: readonly string[];
}

export function grantTableAccess(fn: LambdaFunction, table: ITable, access: TableAccess): void {
  if (access.actions.length === 0) throw new Error(`${fn.node.path}: no table actions to grant; leave the table out instead.`);
  const writes = access.actions.filter((action) => writeActions.has(action));
  const reads = access.actions.filter((action) => !writeActions.has(action));
  // The table has no secondary indexes, so its own ARN is the only resource needed.
  const resources = [table.tableArn];

  if (access.writePartitions && writes.length > 0) {
    if (reads.length > 0) fn.addToRolePolicy(new PolicyStatement({ actions: reads, resources }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: writes,
        resources,
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...access.writePartitions] } },
      }),
    );
  } else {
    fn.addToRolePolicy(new PolicyStatement({ actions: [...access.actions], resources }));
  }

  if (table.encryptionKey) {
    if (writes.length > 0) table.encryptionKey.grantEncryptDecrypt(fn);
    else table.encryptionKey.grantDecrypt(fn);
  }
}
