/** The local stand-in for IAM: which table calls each function's grants allow. */
import { describe, expect, it } from 'vitest';
import { AccessDenied, checkAccess } from '../../infra/local/table-guard.ts';

const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 'X' } });
const query = (pk: string) => ({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } } });
const batchGet = (...pks: string[]) => ({ RequestItems: { progress: { Keys: pks.map(key) } } });

/** The read functions behind public GET routes that use the table. */
const publicReaders = [
  'dashboard',
  'list-priorities',
  'get-priority',
  'list-updates',
  'get-update',
  'get-portfolio',
  'export-portfolio',
  'export-updates',
] as const;
const privatePartitions = ['TOKEN#0123456789abcdef', `SESSION#${'a1'.repeat(32)}`, 'PEOPLE', 'OUTBOX#update#01JQ0000000000000000000000'];

describe('local table guard', () => {
  it('allows a function the actions and partitions the function list grants it', () => {
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
    // The pages a personal link opens write nothing: only the Continue page's post makes a session.
    for (const name of ['update-form', 'assessment-form', 'board-barriers'] as const) {
      expect(() => checkAccess(name, 'PutItemCommand', { Item: key('SESSION#abc') }), name).toThrow(AccessDenied);
    }
    expect(() => checkAccess('sessions', 'PutItemCommand', { Item: key('SESSION#abc') })).not.toThrow();
    expect(() => checkAccess('sessions', 'DeleteItemCommand', { Key: key('SESSION#abc') })).not.toThrow();
    expect(() => checkAccess('sessions', 'PutItemCommand', { Item: key('TOKEN#abc') })).toThrow(AccessDenied);
    expect(() =>
      checkAccess('record-update', 'TransactWriteItemsCommand', {
        TransactItems: [{ Put: { Item: key('PRIORITY#jobs') } }, { Put: { Item: key('PROGRAMME') } }],
      }),
    ).toThrow(/PROGRAMME/);
  });

  it('lets a function that records a privileged act only add audit entries, in its transaction', () => {
    const audit = key('AUDIT#2026-12');
    expect(() =>
      checkAccess('respond-to-barrier', 'TransactWriteItemsCommand', {
        TransactItems: [{ Put: { Item: key('BARRIERS') } }, { Put: { Item: audit, ConditionExpression: 'attribute_not_exists(pk)' } }],
      }),
    ).not.toThrow();
    // An entry that could replace another is refused: the log is only added to.
    expect(() =>
      checkAccess('respond-to-barrier', 'TransactWriteItemsCommand', { TransactItems: [{ Put: { Item: key('BARRIERS') } }, { Put: { Item: audit } }] }),
    ).toThrow(/may only create items in partition AUDIT#2026-12/);
    expect(() => checkAccess('board-pack-on-schedule', 'UpdateItemCommand', { Key: audit })).toThrow(/may not write to partition AUDIT#2026-12/);
    expect(() => checkAccess('board-pack-on-request', 'TransactWriteItemsCommand', { TransactItems: [{ Update: { Key: audit } }] })).toThrow(AccessDenied);
    expect(() => checkAccess('record-update', 'PutItemCommand', { Item: audit })).toThrow(AccessDenied);
  });

  it('allows a function to read its own partitions, with every read action it is granted', () => {
    expect(() => checkAccess('get-priority', 'BatchGetItemCommand', batchGet('PROGRAMME', 'PROGRAMME'))).not.toThrow();
    expect(() => checkAccess('get-priority', 'QueryCommand', query('PRIORITY#jobs'))).not.toThrow();
    expect(() => checkAccess('get-update', 'GetItemCommand', { Key: key('PRIORITY#jobs') })).not.toThrow();
    expect(() => checkAccess('record-update', 'GetItemCommand', { Key: { pk: 'TOKEN#abc', sk: 'TOKEN' } })).not.toThrow();
    expect(() => checkAccess('update-form', 'GetItemCommand', { Key: key('SESSION#abc') })).not.toThrow();
    expect(() => checkAccess('digest', 'QueryCommand', query('PEOPLE'))).not.toThrow();
  });

  it.each(publicReaders)('refuses %s, a public read function, a token, a session, a person or a delivery record', (name) => {
    for (const partition of privatePartitions) {
      expect(() => checkAccess(name, 'GetItemCommand', { Key: key(partition) })).toThrow(new RegExp(`${name} may not read partition ${partition}`));
      expect(() => checkAccess(name, 'QueryCommand', query(partition))).toThrow(AccessDenied);
      // Every key of a batch counts, as every leading key does for IAM's ForAllValues.
      expect(() => checkAccess(name, 'BatchGetItemCommand', batchGet('PROGRAMME', partition))).toThrow(AccessDenied);
    }
  });

  it('refuses reads outside a function’s partitions, and a read whose partition it cannot tell', () => {
    expect(() => checkAccess('dashboard', 'QueryCommand', query('PRIORITY#jobs'))).toThrow(
      /may not read partition PRIORITY#jobs \(it may read PROGRAMME, BARRIERS, COMMITMENTS\)/,
    );
    expect(() => checkAccess('notify', 'GetItemCommand', { Key: key('OUTBOX#update#1') })).toThrow(AccessDenied);
    expect(() => checkAccess('digest', 'GetItemCommand', { Key: key('TOKEN#abc') })).toThrow(AccessDenied);
    expect(() => checkAccess('preferences', 'GetItemCommand', { Key: key('PROGRAMME') })).toThrow(AccessDenied);
    expect(() => checkAccess('dashboard', 'QueryCommand', { ExpressionAttributeValues: { ':partition': { S: 'PROGRAMME' } } })).toThrow(/\(unknown\)/);
  });

  it('lets digest only create credentials: a put that must not replace, and no update or delete', () => {
    const credential = { pk: 'TOKEN#0123456789abcdef', sk: 'TOKEN' };
    expect(() => checkAccess('digest', 'PutItemCommand', { Item: credential, ConditionExpression: 'attribute_not_exists(pk)' })).not.toThrow();
    expect(() => checkAccess('digest', 'PutItemCommand', { Item: credential })).toThrow(/may only create items in partition TOKEN#/);
    expect(() => checkAccess('digest', 'PutItemCommand', { Item: credential, ConditionExpression: 'attribute_exists(pk)' })).toThrow(AccessDenied);
    expect(() => checkAccess('digest', 'UpdateItemCommand', { Key: credential })).toThrow(/may not write to partition TOKEN#.*TOKEN#\* \(create only\)/);
    expect(() => checkAccess('digest', 'TransactWriteItemsCommand', { TransactItems: [{ Update: { Key: credential } }] })).toThrow(AccessDenied);
    // Its other writes are unchanged.
    expect(() => checkAccess('digest', 'UpdateItemCommand', { Key: key('OUTBOX#digest#1') })).not.toThrow();
  });

  it('keeps record-assessment, which answers the internet, out of the PROGRAMME partition', () => {
    expect(() => checkAccess('record-assessment', 'PutItemCommand', { Item: key('ASSESSMENT#jobs') })).not.toThrow();
    expect(() => checkAccess('record-assessment', 'PutItemCommand', { Item: key('PROGRAMME') })).toThrow(/may not write to partition PROGRAMME/);
  });
});
