import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'get-priority',
  description: 'One priority, its summary, latest updates, barrier log, milestones and measures',
  routes: [{ method: 'GET', path: '/priorities/{id}' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'BARRIERS', 'ASSESSMENT#*', 'COMMITMENTS'],
});
