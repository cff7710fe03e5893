/** Browser sessions as stored: the session id's hash, the credential it came from, and an expiry. */

import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { expiresAtSeconds, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { StoredSession } from '#shared/domain/session';

export class Sessions {
  constructor(private readonly table: TableCore) {}

  async save(session: StoredSession): Promise<void> {
    const created = await this.table.create(keys.session(session.sessionHash), 'session', session, expiresAtSeconds(session.expiresAt));
    if (!created) throw new Error('A session with this id exists already');
  }

  /** The session if it exists and has not expired (TTL deletion can lag behind). */
  async get(sessionHash: string, now = new Date()): Promise<StoredSession | undefined> {
    const item = await this.table.getOnceWritten(keys.session(sessionHash));
    const session = item ? strip<StoredSession>(item) : undefined;
    return session && Date.parse(session.expiresAt) > now.getTime() ? session : undefined;
  }

  /** Sign-out: the session's item goes at once (ending one already gone is no error). */
  async end(sessionHash: string): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.tableName, Key: keys.session(sessionHash) }));
  }
}
