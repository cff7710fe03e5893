import { defineFunction } from '#shared/function-definition';

/** An update that names at least one entry (each has an id) in a list field: `exists` matches leaves only. */
const reports = (field: string) => ({ [field]: { L: { M: { id: { S: [{ exists: true }] } } } } });

export const definition = defineFunction({
  name: 'commitments',
  description: 'Applies what new updates report of their priority’s asks of government, milestones and measures to the current items and their history',
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  // The priority's commitments, to apply a report to their current state; its updates, when a measure's values are worked out again.
  readPartitions: ['PRIORITY#*', 'COMMITMENTS'],
  // The current item under its version check; the history entry, only ever added (keyed by the update, so a replay adds nothing).
  writePartitions: ['COMMITMENTS'],
  createPartitions: ['COMMITMENTLOG'],
  timeoutSeconds: 30,
  stream: {
    batchSize: 25,
    maxBatchingWindowSeconds: 0,
    retryAttempts: 10,
    maxRecordAgeSeconds: 3600,
    // New updates that report on any commitment, and corrections (a measure's values follow them); any other update never invokes it.
    filter: {
      eventName: ['INSERT'],
      dynamodb: {
        Keys: { pk: { S: [{ prefix: 'PRIORITY#' }] } },
        NewImage: {
          entity: { S: ['update'] },
          $or: [reports('asks'), reports('milestones'), reports('measures'), { corrects: { M: { updateId: { S: [{ exists: true }] } } } }],
        },
      },
    },
  },
});
