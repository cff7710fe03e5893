/**
 * GET /priorities/{id}/commitments: a priority's milestones and measures; with a board member's
 * session, the forms that define and change them. The POST routes take those forms, or JSON with
 * a board token: a new milestone or measure, a milestone's re-baseline, a measure's new target.
 * A browser whose form has errors gets the page back with the errors and what it typed.
 */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { londonDate } from '#shared/domain/calendar';
import { slugSchema } from '#shared/domain/catalogue';
import { roleOf } from '#shared/domain/credential';
import { NotFound, Unauthorised, ValidationFailed } from '#shared/domain/errors';
import { measureCandidateFromForm, targetCandidateFromForm } from '#shared/domain/measure';
import { milestoneCandidateFromForm, rebaselineCandidateFromForm } from '#shared/domain/milestone';
import { csrfTokenFor, sessionIdFromCookies } from '#shared/domain/session';
import { priorityIdOf } from '#shared/http/params';
import { publishedMeasure, publishedMilestone } from '#shared/http/publish';
import { html, json, newNonce, seeOther } from '#shared/http/responses';
import { postOf } from '#shared/http/token';
import { commitmentsPage } from '#shared/pages/commitments';
import { pageHandler } from '#shared/pages/handler';
import { credentialOfSession } from '#shared/services/access';
import { type DefinePorts, type DefinitionAct, defineCommitment } from '#shared/services/define-commitments';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const programme = new ProgrammeReads(table);
const commitments = new Commitments(table);
const ports: DefinePorts = { credentials: new Credentials(table), sessions: new Sessions(table), commitments, programme };

/** The board member behind a session, or nothing: without one the page is read-only, never an error. */
async function boardOf(sessionId: string | undefined) {
  if (!sessionId) return undefined;
  try {
    const credential = await credentialOfSession(ports, sessionId);
    return roleOf(credential) === 'board' ? { csrfToken: csrfTokenFor(sessionId), ...(credential.name ? { name: credential.name } : {}) } : undefined;
  } catch (error) {
    if (error instanceof Unauthorised) return undefined;
    throw error;
  }
}

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

async function page(
  priorityId: string,
  sessionId: string | undefined,
  extra: { saved?: string; failed?: { form: string; values: Record<string, string | string[]>; errors: ValidationFailed['fieldErrors'] } },
) {
  const [found, current, board] = await Promise.all([programme.priority(priorityId), commitments.list(priorityId), boardOf(sessionId)]);
  if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
  const nonce = newNonce();
  const body = commitmentsPage({
    nonce,
    priority: found.priority,
    milestones: current.milestones.map(({ value }) => value),
    measures: current.measures.map(({ value }) => value),
    tolerancePercent: settings.MEASURE_TOLERANCE_PERCENT,
    ...(board ? { board } : {}),
    ...extra,
  });
  return html(extra.failed ? 422 : 200, body, nonce);
}

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const sessionId = sessionIdFromCookies(event.cookies);
  if (event.routeKey === 'GET /priorities/{id}/commitments') {
    const saved = event.queryStringParameters?.saved;
    return page(priorityId, sessionId, saved ? { saved } : {});
  }
  const { act, form, fromForm } = actOf(event);
  const { body, fields, proof, browser } = postOf(event, 'A board member’s token or session is required.');
  try {
    const defined = await defineCommitment(ports, { priorityId, proof, act, candidate: body.kind === 'form' ? fromForm(body.fields) : body.value });
    const [name, id, view] =
      defined.kind === 'milestone'
        ? [defined.milestone.title, `milestone-${defined.milestone.milestoneId}`, publishedMilestone(defined.milestone, londonDate(new Date()))]
        : [defined.measure.name, `measure-${defined.measure.measureId}`, publishedMeasure(defined.measure, settings.MEASURE_TOLERANCE_PERCENT)];
    const location = `/priorities/${encodeURIComponent(priorityId)}/commitments`;
    if (browser) return seeOther(`${location}?saved=${encodeURIComponent(name)}#${id}`);
    return json(defined.created ? 201 : 200, view, { location });
  } catch (error) {
    if (!(browser && fields && error instanceof ValidationFailed)) throw error;
    return page(priorityId, proof.kind === 'session' ? proof.sessionId : sessionId, { failed: { form, values: fields, errors: error.fieldErrors } });
  }
});
