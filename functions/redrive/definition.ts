import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'redrive',
  description: 'Applies stream records that failed every retry again, read back from the stream by shard and sequence number',
  tableActions: [],
  timeoutSeconds: 120,
  redrivesFailedStreamBatches: true,
});
