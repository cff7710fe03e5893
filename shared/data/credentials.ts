/**
 * Personal-link and API tokens as stored: only the secret's hash, with expiry and revocation.
 * A credential issued to a person is found from them by an index item in their own partition
 * (`PERSON#<id>`), written in the credential's transaction and deleted when it is revoked, so
 * the index holds exactly the credentials still to revoke.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { expiresAtSeconds, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import { type Actor, auditEntry } from '#shared/domain/audit';
import type { Credential } from '#shared/domain/credential';
import { credentialDaysAfterExpiry } from '#shared/domain/retention';

const keptAfterExpirySeconds = credentialDaysAfterExpiry * 86_400;

/** A transaction holds at most 100 items; a revocation takes three (the credential, its index item, its audit entry). */
const maxTransactItems = 100;

/** What the audit log records of a credential: its scope, holder and term; never its hash. */
const auditedCredential = (credential: Omit<Credential, 'secretHash' | 'issuedAt'>) => ({
  role: credential.role ?? 'sponsor',
  ...(credential.priorityId === undefined ? {} : { priorityId: credential.priorityId }),
  ...(credential.personId === undefined ? {} : { personId: credential.personId }),
  expiresAt: credential.expiresAt,
});

const subjectOf = (credential: Pick<Credential, 'tokenId' | 'priorityId'>) => ({
  kind: 'credential' as const,
  id: credential.tokenId,
  ...(credential.priorityId === undefined ? {} : { priorityId: credential.priorityId }),
});

/** What a person's index item keeps of a credential: enough to revoke it and record that, without reading it. */
type Indexed = Pick<Credential, 'tokenId' | 'role' | 'priorityId' | 'expiresAt'>;

export class Credentials {
  constructor(private readonly table: TableCore) {}

  async get(tokenId: string): Promise<Credential | undefined> {
    // A revocation reaches every read within DynamoDB's replication delay (docs/data-model.md).
    const item = await this.table.getOnceWritten(keys.credential(tokenId));
    return item ? strip<Credential>(item) : undefined;
  }

  /**
   * Stores a new credential, with its person's index item and, when `actor` issued it (the
   * operator's command, the digest), its audit entry: one transaction.
   */
  async save(credential: Credential, actor?: Actor): Promise<void> {
    const TableName = this.table.tableName;
    const ttl = expiresAtSeconds(credential.expiresAt, keptAfterExpirySeconds);
    const items: object[] = [
      {
        Put: {
          TableName,
          Item: { ...keys.credential(credential.tokenId), entity: 'credential', ...credential, ttl },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (credential.personId !== undefined) {
      const { tokenId, role, priorityId, expiresAt } = credential;
      const indexed: Indexed = { tokenId, ...(role === undefined ? {} : { role }), ...(priorityId === undefined ? {} : { priorityId }), expiresAt };
      items.push({
        Put: {
          TableName,
          Item: { ...keys.personCredential(credential.personId, credential.tokenId), entity: 'person-credential', ...indexed, ttl },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    if (actor) items.push(auditPut(TableName, auditEntry('credential-issued', actor, subjectOf(credential), { after: auditedCredential(credential) })));
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items as never }));
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed')
        throw new Error(`A credential ${credential.tokenId} exists already`);
      throw error;
    }
  }

  /** Revokes one credential (a second revocation keeps the first time). Returns false when no such credential exists. */
  async revoke(tokenId: string, actor?: Actor, at = new Date()): Promise<boolean> {
    const item = await this.table.get(keys.credential(tokenId), true);
    if (!item) return false;
    const credential = strip<Credential>(item);
    await this.send(this.revocation(credential, actor, at));
    return true;
  }

  /**
   * Revokes every credential issued to a person, in transactions of up to 100 items, and returns
   * how many were in force. Each credential's revocation deletes its index item in the same
   * transaction, so after a partial failure a retry finds exactly the ones still to revoke.
   */
  async revokeAllOf(personId: string, actor: Actor, at = new Date()): Promise<number> {
    const indexed = (await this.table.queryPartition(keys.personCredentialPartition(personId), 'TOKEN#', true)).map((item) => strip<Indexed>(item));
    let revoked = 0;
    let batch: object[] = [];
    for (const credential of indexed) {
      // An expired credential needs no revocation (and may be gone already): only its index item goes.
      const inForce = Date.parse(credential.expiresAt) > at.getTime();
      const items = inForce
        ? this.revocation({ ...credential, personId }, actor, at)
        : [{ Delete: { TableName: this.table.tableName, Key: keys.personCredential(personId, credential.tokenId) } }];
      if (inForce) revoked += 1;
      if (batch.length + items.length > maxTransactItems) {
        await this.send(batch);
        batch = [];
      }
      batch.push(...items);
    }
    if (batch.length > 0) await this.send(batch);
    return revoked;
  }

  /** The writes of one revocation: the credential's time of revocation, its index item gone, and (when an actor revokes it) its audit entry. */
  private revocation(credential: Omit<Credential, 'secretHash' | 'issuedAt'>, actor: Actor | undefined, at: Date): object[] {
    const TableName = this.table.tableName;
    const items: object[] = [
      {
        Update: {
          TableName,
          Key: keys.credential(credential.tokenId),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        },
      },
    ];
    if (credential.personId !== undefined) items.push({ Delete: { TableName, Key: keys.personCredential(credential.personId, credential.tokenId) } });
    if (actor && !credential.revokedAt)
      items.push(auditPut(TableName, auditEntry('credential-revoked', actor, subjectOf(credential), { before: auditedCredential(credential) }, at)));
    return items;
  }

  private async send(items: object[]): Promise<void> {
    await this.table.client.send(new TransactWriteCommand({ TransactItems: items as never }));
  }
}
