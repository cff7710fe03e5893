/** The people who hear about priorities, in the one PEOPLE partition, with their email preferences. */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { Person } from '#shared/domain/people';

export class People {
  constructor(private readonly table: TableCore) {}

  async list(): Promise<Person[]> {
    return (await this.table.queryPartition(keys.peoplePartition)).map((item) => strip<Person>(item));
  }

  async get(personId: string): Promise<Person | undefined> {
    const item = await this.table.get(keys.person(personId), true);
    return item ? strip<Person>(item) : undefined;
  }

  async save(person: Person): Promise<void> {
    if (!(await this.table.create(keys.person(person.personId), 'person', person))) throw new Error(`A person ${person.personId} exists already`);
  }

  /** Returns false when no such person exists. */
  async remove(personId: string): Promise<boolean> {
    const { Attributes } = await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.person(personId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
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
}
