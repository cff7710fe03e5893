/** Creates the table from the shared definition and loads the catalogue; safe to run on every start. */
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, ResourceNotFoundException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { catalogue } from '#shared/catalogue/index';
import { createTableInput, table } from '#shared/data/table';
import { examplePeople } from '#shared/domain/people';
import { seedDeployment } from '#shared/services/seed';
import { tableStores } from './stores.ts';

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<string> {
  try {
    const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return existing.Table!.LatestStreamArn!;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const created = await client.send(new CreateTableCommand(createTableInput(tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }),
  );
  return created.TableDescription!.LatestStreamArn!;
}

/** Loads the catalogue, and example people (clearly fake addresses) the first time only. */
export async function seedCatalogue(client: DynamoDBClient, tableName: string, programmeId: string): Promise<void> {
  const programme = catalogue(programmeId);
  const stores = tableStores(tableName, client);
  // Example people only into an empty list, so people removed on purpose stay removed.
  const firstRun = (await stores.people.list()).length === 0;
  await seedDeployment(stores, programme, firstRun ? examplePeople(programme.priorities.map((priority) => priority.id)) : []);
}
