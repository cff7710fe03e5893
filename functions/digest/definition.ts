import { defineFunction } from '#shared/function-definition';
import { auditCreates } from '#shared/grants';

export const definition = defineFunction({
  name: 'digest',
  description: 'Weekly digests and reminders, each with a personal link to post the next update, and escalations of missed updates to the board',
  tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // The snapshot, the people, the last digest's statuses, the period's escalations, the board's asks, the failing addresses and the commitments
  // (asks of government, milestones); tokens and delivery records are only written.
  readPartitions: ['PROGRAMME', 'PEOPLE', 'DIGEST', 'ESCALATION#*', 'BARRIERS', 'FAILING', 'COMMITMENTS'],
  // Delivery records, the digest baseline and escalations.
  writePartitions: ['OUTBOX#*', 'DIGEST', 'ESCALATION#*'],
  // Personal-link credentials, each with its person's index item and audit entry, are only ever created: no credential, new or old, is changed.
  createPartitions: ['TOKEN#*', 'PERSON#*', ...auditCreates],
  timeoutSeconds: 300,
  memoryMb: 512,
  sendsEmail: true,
  schedule: { cron: 'cron(0 8 ? * MON *)', timezone: 'Europe/London' },
});
