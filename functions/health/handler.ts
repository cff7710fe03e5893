/** GET /health: the API is up. It touches no table, so it stays cheap for uptime checks. */
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';

export const handler = httpHandler(async () => json(200, { status: 'ok', time: new Date().toISOString() }));
