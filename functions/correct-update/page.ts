/**
 * The page this function gives a browser, in a module of its own so that handler.ts loads it on
 * demand: a JSON correction never loads the page runtime.
 */
export { correctionFormPage } from '#shared/pages/update-pages';
