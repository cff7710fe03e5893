/**
 * The page this function gives a browser whose form has errors, in a module of its own so that
 * handler.ts loads it on demand: a chunk with the page runtime and only this page's views.
 */
export { commitmentsPage } from '#shared/pages/commitments';
