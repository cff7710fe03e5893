/** GET /board-packs/{quarter} and /board-packs/{quarter}/pack.csv: a quarter's board pack, as a printable page and as CSV. */
import { NotFound } from '#shared/domain/errors';
import { BoardPacks } from '#shared/data/board-packs';
import { TableCore } from '#shared/data/core';
import { boardPackCsv, quarterParamOf } from '#shared/http/board-pack';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { boardPackPage } from '#shared/pages/pages';
import { settingsFor } from '#shared/settings';

const packs = new BoardPacks(new TableCore(settingsFor('board-packs').TABLE_NAME));

export const handler = pageHandler(async (event) => {
  const quarter = quarterParamOf(event);
  const pack = await packs.get(quarter);
  if (!pack) throw new NotFound(`No board pack has been made for ${quarter}.`);
  if (event.routeKey === 'GET /board-packs/{quarter}/pack.csv') return boardPackCsv(pack);
  const nonce = newNonce();
  return html(200, boardPackPage(nonce, pack), nonce);
});
