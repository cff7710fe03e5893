import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'notify',
  description: 'Emails sponsors, delivery leads and the board about new updates (from summary changes) and board responses to barriers',
  // Get/Query to read the update, the priority's title and the people; Update to lease and settle the delivery record.
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
  // The delivery record is leased with a conditional write, never read.
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'PEOPLE'],
  writePartitions: ['OUTBOX#*'],
  timeoutSeconds: 60,
  sendsEmail: true,
  stream: {
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    // Enough to ride out a short outage of SES; each retry re-sends only what failed.
    retryAttempts: 10,
    maxRecordAgeSeconds: 21_600,
    // Board responses are only ever inserted; the handler acts on an INSERT of one. A summary
    // reconcile rebuilt carries the `rebuilt` mark (shared/data/core.ts) and tells no one.
    filter: {
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { NewImage: { entity: { S: ['summary', 'board-response'] }, rebuilt: { S: [{ exists: false }] } } },
    },
  },
});
