/**
 * GET /priorities/{id}/commitments: a priority's milestones and measures. Anyone may read it; with
 * a board member's session (the programme office holds one) it also has the forms that define and
 * change them, which post to the commitment-definitions function.
 */

import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { sessionIdFromCookies } from '#shared/domain/session';
import { priorityIdOf } from '#shared/http/params';
import { html, newNonce } from '#shared/http/responses';
import { commitmentsPage } from '#shared/pages/commitments';
import { pageHandler } from '#shared/pages/handler';
import { commitmentsPageData } from '#shared/services/define-commitments';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const ports = { credentials: new Credentials(table), sessions: new Sessions(table), commitments: new Commitments(table), programme: new ProgrammeReads(table) };

export const handler = pageHandler(async (event) => {
  const data = await commitmentsPageData(ports, priorityIdOf(event), sessionIdFromCookies(event.cookies));
  const saved = event.queryStringParameters?.saved;
  const nonce = newNonce();
  return html(200, commitmentsPage({ nonce, ...data, tolerancePercent: settings.MEASURE_TOLERANCE_PERCENT, ...(saved ? { saved } : {}) }), nonce);
});
