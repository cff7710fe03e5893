/**
 * The people who hear about priorities, in the one PEOPLE partition, with their email
 * preferences. Adding, changing and removing a person each writes its audit entry in the
 * same transaction.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import { type Actor, type AuditAct, auditEntry } from '#shared/domain/audit';
import { auditedFields, type Person } from '#shared/domain/people';

const subjectOf = (person: Person) => ({
  kind: 'person' as const,
  id: person.personId,
  ...(person.priorityId === undefined ? {} : { priorityId: person.priorityId }),
});

export class People {
  constructor(private readonly table: TableCore) {}

  async list(): Promise<Person[]> {
    return (await this.table.queryPartition(keys.peoplePartition)).map((item) => strip<Person>(item));
  }

  async get(personId: string): Promise<Person | undefined> {
    const item = await this.table.get(keys.person(personId), true);
    return item ? strip<Person>(item) : undefined;
  }

  /** Adds a person; `actor` (the people command, the seed) has it recorded in the audit log. */
  async save(person: Person, actor?: Actor): Promise<void> {
    const put = {
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.person(person.personId), entity: 'person', ...person },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const audited = actor ? [this.audit('person-added', actor, person, { after: auditedFields(person) })] : [];
    if (!(await this.transact([put, ...audited]))) throw new Error(`A person ${person.personId} exists already`);
  }

  /** Replaces a person as they were read (`before`); false when they are gone. */
  async change(before: Person, after: Person, actor: Actor): Promise<boolean> {
    const put = {
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.person(after.personId), entity: 'person', ...after },
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
    const change = { before: auditedFields(before), after: { ...auditedFields(after), ...(after.email === before.email ? {} : { emailChanged: true }) } };
    return this.transact([put, this.audit('person-changed', actor, after, change)]);
  }

  /** Returns false when no such person exists. */
  async remove(person: Person, actor: Actor): Promise<boolean> {
    const remove = { Delete: { TableName: this.table.tableName, Key: keys.person(person.personId), ConditionExpression: 'attribute_exists(pk)' } };
    return this.transact([remove, this.audit('person-removed', actor, person, { before: auditedFields(person) })]);
  }

  async setUpdateNotifications(personId: string, enabled: boolean): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.person(personId),
        UpdateExpression: 'SET preferences.updateNotifications = :enabled',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':enabled': enabled },
      }),
    );
  }

  private audit(act: AuditAct, actor: Actor, person: Person, change: { before?: Record<string, unknown>; after?: Record<string, unknown> }) {
    return auditPut(this.table.tableName, auditEntry(act, actor, subjectOf(person), change));
  }

  /** False when the person item's condition failed (there already, or gone). */
  private async transact(items: object[]): Promise<boolean> {
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items as never }));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}
