import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'summarise',
  description: 'Regenerates each priority’s summary and the barrier log from new updates, and keeps each priority’s current assessment beside its summary',
  // The barrier log is written with conditional updates, never read; a priority's updates are read only after a correction.
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  readPartitions: ['PROGRAMME', 'PRIORITY#*'],
  writePartitions: ['PROGRAMME', 'BARRIERS'],
  timeoutSeconds: 30,
  stream: {
    batchSize: 25,
    maxBatchingWindowSeconds: 0,
    // Enough to ride out a short outage of the table; a poison record is still isolated by bisecting.
    retryAttempts: 10,
    maxRecordAgeSeconds: 3600,
    // New updates, and assessments as recorded (not the current copy this function writes to PROGRAMME).
    // Updates are never modified; an assessment recorded again for its period and role is.
    filter: {
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { Keys: { pk: { S: [{ prefix: 'PRIORITY#' }, { prefix: 'ASSESSMENT#' }] } }, NewImage: { entity: { S: ['update', 'assessment'] } } },
    },
  },
});
