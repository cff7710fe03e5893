/** The local stand-in for IAM: which table calls each function's grants allow. */
import { describe, expect, it } from 'vitest';
import { AccessDenied, checkAccess } from '../../infra/local/table-guard.ts';

const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 'X' } });

describe('local table guard', () => {
  it('allows a function the actions and write partitions the function list grants it', () => {
    expect(() => checkAccess('record-update', 'PutItemCommand', { Item: key('PRIORITY#jobs') })).not.toThrow();
    expect(() => checkAccess('summarise', 'PutItemCommand', { Item: key('PROGRAMME') })).not.toThrow();
    expect(() => checkAccess('dashboard', 'QueryCommand', { ExpressionAttributeValues: { ':pk': { S: 'PROGRAMME' } } })).not.toThrow();
    // Unmarshalled input, as a DocumentClient command carries it before marshalling.
    expect(() => checkAccess('notify', 'UpdateItemCommand', { Key: { pk: 'OUTBOX#update#1', sk: 'TO#a@b' } })).not.toThrow();
  });

  it('refuses an action the function is not granted', () => {
    expect(() => checkAccess('dashboard', 'PutItemCommand', { Item: key('PROGRAMME') })).toThrow(AccessDenied);
    expect(() => checkAccess('health', 'GetItemCommand', { Key: key('PROGRAMME') })).toThrow(/health is not granted dynamodb:GetItem/);
    expect(() => checkAccess('summarise', 'DeleteItemCommand', { Key: key('PROGRAMME') })).toThrow(AccessDenied);
    expect(() => checkAccess('record-update', 'ScanCommand', {})).toThrow(/dynamodb:Scan/);
  });

  it('refuses a write outside the function’s partitions, in a transaction too', () => {
    expect(() => checkAccess('summarise', 'PutItemCommand', { Item: key('PRIORITY#jobs') })).toThrow(/may not write to partition PRIORITY#jobs/);
    expect(() => checkAccess('update-form', 'PutItemCommand', { Item: key('TOKEN#abc') })).toThrow(AccessDenied);
    expect(() =>
      checkAccess('record-update', 'TransactWriteItemsCommand', {
        TransactItems: [{ Put: { Item: key('PRIORITY#jobs') } }, { Put: { Item: key('PROGRAMME') } }],
      }),
    ).toThrow(/PROGRAMME/);
  });
});
