/** Creates the table from the shared definition and loads the catalogue; safe to run on every start. */
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, UpdateTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { catalogue } from '../../shared/catalogue/index.ts';
import { createTableInput, table } from '../../shared/data/table.ts';
import { ProgressStore } from '../../shared/data/progress-store.ts';
import { examplePeople } from '../../shared/domain/people.ts';
import { seedDeployment } from '../../shared/services/seed.ts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
  const store = new ProgressStore(tableName, DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }));
  // Example people only into an empty list, so people removed on purpose stay removed.
  const firstRun = (await store.listPeople()).length === 0;
  await seedDeployment(store, programme, firstRun ? examplePeople(programme.priorities.map((priority) => priority.id)) : []);
}
