import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'email-events',
  description: 'Records SES events: each message sent on its delivery record (so no email goes out twice), bounces and complaints as failing addresses',
  // Conditional updates only: the delivery record a send event names, and the failing address item.
  tableActions: ['dynamodb:UpdateItem'],
  writePartitions: ['OUTBOX#*', 'FAILING'],
  timeoutSeconds: 30,
  emailEvents: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT', 'REJECT', 'DELIVERY_DELAY'],
});
