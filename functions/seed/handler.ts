/**
 * Runs on every deployment (a CloudFormation custom resource): loads the configured
 * programme's catalogue and the board recipients named in the deployment settings, so a new
 * stage works as soon as it is deployed. Deleting the stack removes nothing.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { catalogue } from '#shared/catalogue/index';
import { Catalogue } from '#shared/data/catalogue';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { People } from '#shared/data/people';
import { Summaries } from '#shared/data/summaries';
import { boardMember, boardRecipientSchema } from '#shared/domain/people';
import { logger } from '#shared/logger';
import { type SeedPorts, seedDeployment } from '#shared/services/seed';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const ports: SeedPorts = { catalogue: new Catalogue(table), summaries: new Summaries(table), people: new People(table), commitments: new Commitments(table) };

const propertiesSchema = z.object({
  programme: z.string().check(z.minLength(1)),
  boardRecipients: z._default(z.array(boardRecipientSchema), []),
});

export const handler = async (event: CloudFormationCustomResourceEvent) => {
  const physicalResourceId = `catalogue-${String(event.ResourceProperties.programme ?? 'unknown')}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalResourceId };
  const { programme, boardRecipients } = propertiesSchema.parse(event.ResourceProperties);
  const loaded = catalogue(programme);
  // A board member named by address alone has no name: they are shown by role, never by their address.
  const result = await seedDeployment(ports, loaded, boardRecipients.map(boardMember));
  logger.info('Seeded', { programme, priorities: loaded.priorities.length, ...result });
  return { PhysicalResourceId: physicalResourceId, Data: { priorities: loaded.priorities.length, peopleAdded: result.peopleAdded } };
};
