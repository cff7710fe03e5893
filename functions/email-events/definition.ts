import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'email-events',
  description:
    'Records SES events in batches: the messages sent on their delivery records, one write per record (so no email goes out twice), bounces and complaints as failing addresses',
  // Conditional updates only: the delivery record a send event names, and the failing address item.
  tableActions: ['dynamodb:UpdateItem'],
  writePartitions: ['OUTBOX#*', 'FAILING'],
  timeoutSeconds: 30,
  // A few seconds' window gathers an update's SEND events into one batch: one write per delivery record.
  emailEvents: {
    types: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT', 'REJECT', 'DELIVERY_DELAY'],
    batchSize: 100,
    maxBatchingWindowSeconds: 5,
    maxReceiveCount: 10,
  },
});
