import { defineFunction } from '#shared/function-definition';

/** An update that names at least one entry (each has an id) in a list field: `exists` matches leaves only. */
const reports = (field: string) => ({ [field]: { L: { M: { id: { S: [{ exists: true }] } } } } });

export const definition = defineFunction({
  name: 'commitments',
  description: 'Applies what new updates report of their priority’s milestones and measures to the current items and their log',
  tableActions: ['dynamodb:Query', 'dynamodb:PutItem'],
  // The priority's commitments, read to apply a report to their current state.
  readPartitions: ['COMMITMENTS'],
  // The current item under its version check; the log entry, only ever added (keyed by the update, so a replay adds nothing).
  writePartitions: ['COMMITMENTS'],
  createPartitions: ['COMMITMENTLOG'],
  timeoutSeconds: 30,
  stream: {
    batchSize: 25,
    maxBatchingWindowSeconds: 0,
    retryAttempts: 10,
    maxRecordAgeSeconds: 3600,
    // New updates that report on a milestone or a measure; an update that reports none never invokes it.
    filter: {
      eventName: ['INSERT'],
      dynamodb: { Keys: { pk: { S: [{ prefix: 'PRIORITY#' }] } }, NewImage: { entity: { S: ['update'] }, $or: [reports('milestones'), reports('measures')] } },
    },
  },
});
