/**
 * Every aggregate store over one table, for the operator commands, the local bootstrap, tests
 * and benchmarks, which act on the table as a whole. Functions never use this: each builds
 * only the stores its grants cover.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Barriers } from '#shared/data/barriers';
import { BoardPacks } from '#shared/data/board-packs';
import { Catalogue } from '#shared/data/catalogue';
import { documentClientFor } from '#shared/data/client';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { Deliveries } from '#shared/data/deliveries';
import { DigestBaselines } from '#shared/data/digest-baseline';
import { Escalations } from '#shared/data/escalations';
import { FailingAddresses } from '#shared/data/failing-addresses';
import { People } from '#shared/data/people';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Summaries } from '#shared/data/summaries';
import { Updates } from '#shared/data/updates';

export function tableStores(tableName: string, client?: DynamoDBClient) {
  const table = new TableCore(tableName, client ? documentClientFor(client) : undefined);
  return {
    table,
    updates: new Updates(table),
    summaries: new Summaries(table),
    catalogue: new Catalogue(table),
    programme: new ProgrammeReads(table),
    credentials: new Credentials(table),
    sessions: new Sessions(table),
    people: new People(table),
    deliveries: new Deliveries(table),
    baselines: new DigestBaselines(table),
    escalations: new Escalations(table),
    failing: new FailingAddresses(table),
    barriers: new Barriers(table),
    boardPacks: new BoardPacks(table),
    commitments: new Commitments(table),
  };
}

export type TableStores = ReturnType<typeof tableStores>;
