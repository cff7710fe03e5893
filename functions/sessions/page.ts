/**
 * The signed-out page, in a module of its own so that handler.ts loads it on demand: a session's
 * post answers a redirect and never needs the page runtime.
 */
export { messagePage } from '#shared/pages/pages';
