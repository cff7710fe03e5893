import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'summarise',
  description: 'Regenerates each priority’s summary, and the barrier log, from the update stream',
  // The barrier log is written with conditional updates, never read.
  tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  readPartitions: ['PROGRAMME'],
  writePartitions: ['PROGRAMME', 'BARRIERS'],
  timeoutSeconds: 30,
  stream: {
    batchSize: 25,
    maxBatchingWindowSeconds: 0,
    // Enough to ride out a short outage of the table; a poison record is still isolated by bisecting.
    retryAttempts: 10,
    maxRecordAgeSeconds: 3600,
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['update'] } } } },
  },
});
