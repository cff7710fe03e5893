/**
 * POST /board-packs: a board member makes a quarter's pack (a board token, or a board session
 * and the form's CSRF token); a quarter that has one keeps it. A browser is sent on to the pack,
 * or back to the list's form with the error. Asked for a pack made already, whose emails are
 * sent, it loads neither the email views and SES client nor the page runtime.
 */

import { Assessments } from '#shared/data/assessments';
import { Barriers } from '#shared/data/barriers';
import { BoardPacks } from '#shared/data/board-packs';
import { Catalogue } from '#shared/data/catalogue';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { People } from '#shared/data/people';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Updates } from '#shared/data/updates';
import { actorOf } from '#shared/domain/audit';
import { isQuarter, quarterProblem } from '#shared/domain/board-pack';
import { authoriseBoard } from '#shared/domain/credential';
import { BadRequest, ValidationFailed } from '#shared/domain/errors';
import { csrfTokenFor } from '#shared/domain/session';
import { sesMailerOnDemand } from '#shared/email/mailer-on-demand';
import type { BoardPackMade } from '#shared/http/published';
import { html, json, newNonce, seeOther } from '#shared/http/responses';
import { postOf } from '#shared/http/token';
import { countEmail, withMetrics } from '#shared/metrics';
import { pageHandler } from '#shared/pages/handler';
import { credentialOf } from '#shared/services/access';
import { type BoardPackPorts, makeBoardPack } from '#shared/services/board-pack';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const access = { credentials: new Credentials(table), sessions: new Sessions(table) };
const packs = new BoardPacks(table);
const catalogue = new Catalogue(table);
const ports: BoardPackPorts = {
  commitments: new Commitments(table),
  programme: new ProgrammeReads(table),
  updates: new Updates(table),
  assessments: new Assessments(table),
  barriers: new Barriers(table),
  tolerancePercent: settings.MEASURE_TOLERANCE_PERCENT,
  packs,
  people: new People(table),
  // On demand: only a new pack, or a recent one's unsent emails, needs the email views and SES client.
  mailer: { ...sesMailerOnDemand(table, settings), onOutcome: (outcome) => countEmail(outcome) },
};

export const handler = withMetrics(
  pageHandler(async (event) => {
    const now = new Date();
    const { body, proof, browser } = postOf(event, 'A board member’s token or session is required.');
    const credential = await credentialOf(access, proof, now);
    authoriseBoard(credential);
    const given = body.kind === 'form' ? body.fields.quarter : (body.value as { quarter?: unknown } | null)?.quarter;
    const quarter = typeof given === 'string' ? given.trim() : '';
    // The programme's start bounds the quarters; a quarter that is not one needs no read to refuse.
    const problem = quarterProblem(quarter, now, isQuarter(quarter) ? (await catalogue.programmeProfile())?.startsOn : undefined);
    if (problem) {
      const status = problem.malformed ? 400 : 422;
      if (browser && proof.kind === 'session') {
        // On demand: only a browser's form with errors needs the page runtime.
        const [list, { boardPacksPage }] = await Promise.all([packs.list(), import('./page.ts')]);
        const nonce = newNonce();
        return html(status, boardPacksPage(nonce, { packs: list, quarter, error: problem.message, csrfToken: csrfTokenFor(proof.sessionId) }), nonce);
      }
      const errors = [{ field: 'quarter', message: problem.message }];
      throw problem.malformed ? new BadRequest(problem.message, errors) : new ValidationFailed(errors, problem.message);
    }
    const { made, url, head } = await makeBoardPack(ports, quarter, actorOf(credential), now);
    const location = `/board-packs/${quarter}`;
    if (browser) return seeOther(location);
    const answer: BoardPackMade = { quarter, made, url, madeAt: head.madeAt, priorities: head.priorityIds.length, noUpdate: head.noUpdate };
    return json(made ? 201 : 200, answer, { location });
  }),
);
