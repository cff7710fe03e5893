/**
 * The programme office's writes of a priority's milestones and measures, from the forms of
 * /priorities/{id}/commitments (a board session) or as JSON with a board token: a new milestone
 * or measure, a milestone's re-baseline, a measure's new target. A browser whose form has errors
 * gets the page back with the errors and what it typed.
 */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { londonDate } from '#shared/domain/calendar';
import { slugSchema } from '#shared/domain/catalogue';
import { NotFound, ValidationFailed } from '#shared/domain/errors';
import { measureCandidateFromForm, targetCandidateFromForm } from '#shared/domain/measure';
import { milestoneCandidateFromForm, rebaselineCandidateFromForm } from '#shared/domain/milestone';
import { sessionIdFromCookies } from '#shared/domain/session';
import { priorityIdOf } from '#shared/http/params';
import { publishedMeasure, publishedMilestone } from '#shared/http/publish';
import { html, json, newNonce, seeOther } from '#shared/http/responses';
import { postOf } from '#shared/http/token';
import { pageHandler } from '#shared/pages/handler';
import { commitmentsPageData, type DefinePorts, type DefinitionAct, defineCommitment } from '#shared/services/define-commitments';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const ports: DefinePorts = {
  credentials: new Credentials(table),
  sessions: new Sessions(table),
  commitments: new Commitments(table),
  programme: new ProgrammeReads(table),
};

const idOf = (value: string | undefined, what: string): string => {
  if (!slugSchema.safeParse(value ?? '').success) throw new NotFound(`There is no such ${what}.`);
  return value!;
};

/** The act a route asks for, the form its page fields belong to, and how a form's fields become a candidate. */
function actOf(event: APIGatewayProxyEventV2): { act: DefinitionAct; form: string; fromForm: (fields: Record<string, unknown>) => unknown } {
  const { milestoneId, measureId } = event.pathParameters ?? {};
  if (event.routeKey === 'POST /priorities/{id}/milestones') return { act: { kind: 'milestone' }, form: 'milestone', fromForm: milestoneCandidateFromForm };
  if (event.routeKey === 'POST /priorities/{id}/measures') return { act: { kind: 'measure' }, form: 'measure', fromForm: measureCandidateFromForm };
  if (milestoneId !== undefined) {
    const id = idOf(milestoneId, 'milestone');
    return { act: { kind: 'rebaseline', milestoneId: id }, form: `rebaseline-${id}`, fromForm: rebaselineCandidateFromForm };
  }
  const id = idOf(measureId, 'measure');
  return { act: { kind: 'target', measureId: id }, form: `target-${id}`, fromForm: targetCandidateFromForm };
}

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const { act, form, fromForm } = actOf(event);
  const { body, fields, proof, browser } = postOf(event, 'A board member’s token or session is required.');
  try {
    const defined = await defineCommitment(ports, { priorityId, proof, act, candidate: body.kind === 'form' ? fromForm(body.fields) : body.value });
    const [name, id, view] =
      defined.kind === 'milestone'
        ? [defined.milestone.title, `commitment-milestone-${defined.milestone.milestoneId}`, publishedMilestone(defined.milestone, londonDate(new Date()))]
        : [defined.measure.name, `commitment-measure-${defined.measure.measureId}`, publishedMeasure(defined.measure, settings.MEASURE_TOLERANCE_PERCENT)];
    const location = `/priorities/${encodeURIComponent(priorityId)}/commitments`;
    if (browser) return seeOther(`${location}?saved=${encodeURIComponent(name)}#${id}`);
    return json(defined.created ? 201 : 200, view, { location });
  } catch (error) {
    if (!(browser && fields && error instanceof ValidationFailed)) throw error;
    // The page again, with the errors beside the form that had them.
    const sessionId = proof.kind === 'session' ? proof.sessionId : sessionIdFromCookies(event.cookies);
    // On demand: only a browser's form with errors needs the page runtime; JSON posts never load it.
    const [data, { commitmentsPage }] = await Promise.all([commitmentsPageData(ports, priorityId, sessionId), import('./page.ts')]);
    const nonce = newNonce();
    const failed = { form, values: fields, errors: error.fieldErrors };
    return html(422, commitmentsPage({ nonce, ...data, tolerancePercent: settings.MEASURE_TOLERANCE_PERCENT, failed }), nonce);
  }
});
