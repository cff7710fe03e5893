import { defineFunction } from '#shared/function-definition';
import { boardPackMakerGrants } from '#shared/grants';

export const definition = defineFunction({
  name: 'board-pack-on-request',
  description: 'Makes a quarter’s board pack on a board member’s request, and emails the board the link',
  routes: [{ method: 'POST', path: '/board-packs' }],
  ...boardPackMakerGrants,
  // The proof (a board token, or a session and then its token) besides what the pack is made from.
  readPartitions: [...boardPackMakerGrants.readPartitions, 'TOKEN#*', 'SESSION#*'],
  // HTTP API waits 30 seconds for an answer.
  timeoutSeconds: 29,
  memoryMb: 512,
  sendsEmail: true,
});
