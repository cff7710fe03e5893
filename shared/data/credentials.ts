/** Personal-link and API tokens as stored: only the secret's hash, with expiry and revocation. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresAtSeconds, isConditionFailure, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { Credential } from '#shared/domain/credential';
import { credentialDaysAfterExpiry } from '#shared/domain/retention';

const keptAfterExpirySeconds = credentialDaysAfterExpiry * 86_400;

export class Credentials {
  constructor(private readonly table: TableCore) {}

  async get(tokenId: string): Promise<Credential | undefined> {
    // A revocation reaches every read within DynamoDB's replication delay (docs/data-model.md).
    const item = await this.table.getOnceWritten(keys.credential(tokenId));
    return item ? strip<Credential>(item) : undefined;
  }

  async save(credential: Credential): Promise<void> {
    const created = await this.table.create(
      keys.credential(credential.tokenId),
      'credential',
      credential,
      expiresAtSeconds(credential.expiresAt, keptAfterExpirySeconds),
    );
    if (!created) throw new Error(`A credential ${credential.tokenId} exists already`);
  }

  /** Returns false when no such credential exists. */
  async revoke(tokenId: string, at = new Date()): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.credential(tokenId),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
