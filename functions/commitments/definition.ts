import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'commitments',
  description: 'Applies what new updates report of their priority’s asks of government, milestones and measures to the current items and their history',
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  // The priority's updates are read when a measure's values are worked out again.
  readPartitions: ['PRIORITY#*', 'COMMITMENTS'],
  writePartitions: ['COMMITMENTS'],
  // History entries are only ever added.
  createPartitions: ['COMMITMENTLOG'],
  timeoutSeconds: 30,
  stream: {
    batchSize: 25,
    maxBatchingWindowSeconds: 0,
    retryAttempts: 10,
    maxRecordAgeSeconds: 3600,
    // New updates that report any commitment: an update that reports none never invokes it.
    filter: {
      eventName: ['INSERT'],
      dynamodb: {
        Keys: { pk: { S: [{ prefix: 'PRIORITY#' }] } },
        NewImage: {
          entity: { S: ['update'] },
          $or: [{ asks: { L: [{ exists: true }] } }, { milestones: { L: [{ exists: true }] } }, { measures: { L: [{ exists: true }] } }],
        },
      },
    },
  },
});
