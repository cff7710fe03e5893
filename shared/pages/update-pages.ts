/** An update's page (the confirmation a post leads to), with its correction or what it corrects, and the form that corrects it. */

import * as views from '#compiled-views/pages';
import { type CorrectedBy, correctionLimits } from '#shared/domain/corrections';
import type { FieldError } from '#shared/domain/errors';
import { postedAtOf } from '#shared/domain/ids';
import { type RatingScaleName, ratingScales } from '#shared/domain/rating';
import { limits, type ProgressUpdate } from '#shared/domain/update';
import { html } from '#shared/html';
import { errorsByField, type FormValues, text } from '#shared/pages/pages';
import { renderPage } from '#shared/pages/render';

function listHtml(items: readonly string[]): string {
  return items.length ? html`<ul class="govuk-list govuk-list--bullet">${items.map((item) => html`<li>${item}</li>`)}</ul>`.value : 'None';
}

export function confirmationPage(nonce: string, update: ProgressUpdate, priorityTitle: string, correctedBy?: CorrectedBy): string {
  return renderPage(views.confirmation, {
    cspNonce: nonce,
    update,
    priorityTitle,
    correctedBy,
    correctsPostedAt: update.corrects && postedAtOf(update.corrects.updateId),
    lists: {
      achievements: listHtml(update.achievements),
      nextSteps: listHtml(update.nextSteps),
      barriers: listHtml(update.barriers.map((b) => (b.needsBoardSupport ? `${b.description} (needs board support)` : b.description))),
    },
  });
}

export interface CorrectionFormPage {
  nonce: string;
  priorityTitle: string;
  original: ProgressUpdate;
  scale: RatingScaleName;
  csrfToken: string;
  values?: FormValues;
  errors?: FieldError[];
}

export function correctionFormPage(page: CorrectionFormPage): string {
  const { original, values } = page;
  const errorMap = errorsByField(page.errors ?? []);
  const typed = (field: 'status' | 'period' | 'summary' | 'statusRationale' | 'achievements' | 'nextSteps', prefilled: string | string[] | undefined) =>
    values ? text(values[field]) : text(prefilled);
  const status = typed('status', original.status);
  return renderPage(views.correctionForm, {
    cspNonce: page.nonce,
    priorityId: original.priorityId,
    priorityTitle: page.priorityTitle,
    original,
    csrfToken: page.csrfToken,
    signOut: page.csrfToken,
    limits: { ...limits, ...correctionLimits },
    errors: page.errors ?? [],
    errorMap,
    errorList: Object.entries(errorMap).map(([field, message]) => ({ text: message, href: `#${field}` })),
    values: {
      reason: text(values?.reason),
      statusRationale: typed('statusRationale', original.statusRationale),
      period: typed('period', original.period),
      summary: typed('summary', original.summary),
      achievements: typed('achievements', original.achievements),
      nextSteps: typed('nextSteps', original.nextSteps),
    },
    statusItems: ratingScales[page.scale].map((level) => ({
      value: level.status,
      text: level.label,
      hint: { text: level.meaning },
      checked: status === level.status,
    })),
  });
}
