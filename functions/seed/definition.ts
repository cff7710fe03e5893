import { defineFunction } from '#shared/function-definition';
import { auditCreates } from '#shared/grants';

export const definition = defineFunction({
  name: 'seed',
  description: 'Loads the catalogue and the configured board recipients on every deployment',
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  // Profiles are replaced without a read; each summary is read to give it its title under the version check; people are listed to keep them once;
  // the commitments are listed to track each catalogue ask, milestone and measure once, each created when absent.
  readPartitions: ['PROGRAMME', 'PEOPLE', 'COMMITMENTS'],
  writePartitions: ['PROGRAMME', 'PEOPLE', 'COMMITMENTS'],
  // Each person added is recorded in the audit log; each commitment created, in the commitments' history.
  createPartitions: [...auditCreates, 'COMMITMENTLOG'],
  timeoutSeconds: 120,
  runsOnDeploy: true,
});
