import { defineFunction } from '#shared/function-definition';
import { boardPackMakerGrants } from '#shared/grants';

export const definition = defineFunction({
  name: 'board-pack-on-schedule',
  description: 'Makes the board pack of the quarter just ended (or of a named quarter) and emails the board the link',
  ...boardPackMakerGrants,
  timeoutSeconds: 300,
  memoryMb: 512,
  sendsEmail: true,
  // 06:00 on the first day of each quarter, London time: the pack of the quarter that ended at midnight.
  schedule: { cron: 'cron(0 6 1 1,4,7,10 ? *)', timezone: 'Europe/London' },
});
