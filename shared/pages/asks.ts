/**
 * The asks of government pages: every ask by priority with the totals, and one ask with its
 * history and, for those who may change it, the form to change it.
 */

import * as views from '#compiled-views/pages';
import {
  type AskStatus,
  type AskWithVersion,
  askBoard,
  askLimits,
  askStatuses,
  askStatusLabels,
  askTotals,
  formatGbp,
  movedSince,
  type TrackedAsk,
} from '#shared/domain/ask';
import type { CommitmentChange } from '#shared/domain/commitment';
import type { FieldError } from '#shared/domain/errors';
import { roleName } from '#shared/domain/people';
import { askFormWas } from '#shared/domain/update';
import { renderPage } from '#shared/pages/render';

type FormValues = Record<string, string | string[] | undefined>;

/** An ask as the pages show it: its status in words, its amounts as money. */
export function askView(ask: TrackedAsk) {
  return {
    ...ask,
    statusLabel: askStatusLabels[ask.status],
    asked: ask.askedGbp === undefined ? 'Not stated' : formatGbp(ask.askedGbp),
    secured: ask.securedGbp === undefined ? (ask.status === 'agreed' || ask.status === 'partly-agreed' ? 'Not stated' : '') : formatGbp(ask.securedGbp),
    changedByText: ask.changedBy
      ? (ask.changedBy.name ?? `A ${ask.changedBy.role === 'operator' || ask.changedBy.role === 'service' ? ask.changedBy.role : roleName(ask.changedBy.role)}`)
      : '',
  };
}

export interface AsksPage {
  nonce: string;
  priorities: Parameters<typeof askBoard>[0];
  asks: readonly AskWithVersion[];
  statuses: readonly AskStatus[];
}

export function asksPage(page: AsksPage): string {
  const board = askBoard(page.priorities, page.asks, page.statuses);
  return renderPage(views.asks, {
    cspNonce: page.nonce,
    active: 'asks',
    groups: board.groups.map((group) => ({ ...group, asks: group.asks.map(askView) })),
    totals: askStatuses.map((status) => ({
      label: askStatusLabels[status],
      count: board.totals.byStatus[status].count,
      asked: formatGbp(board.totals.byStatus[status].askedGbp),
      secured: formatGbp(board.totals.byStatus[status].securedGbp),
    })),
    all: { count: board.totals.all.count, asked: formatGbp(board.totals.all.askedGbp), secured: formatGbp(board.totals.all.securedGbp) },
    shown: board.shownTotal.count,
    filtered: page.statuses.length > 0,
    statusItems: askStatuses.map((status) => ({ value: status, text: askStatusLabels[status], checked: page.statuses.includes(status) })),
  });
}

export interface AskPage {
  nonce: string;
  priorityTitle: string;
  ask: AskWithVersion;
  history: readonly CommitmentChange<TrackedAsk>[];
  /** For a person who may change the ask: their session's CSRF token. */
  editor?: { csrfToken: string; name?: string };
  changed?: boolean;
  values?: FormValues;
  errors?: FieldError[];
}

const fieldAdvice: Record<string, string> = {
  status: 'Select the ask’s status',
  department: `Enter the department or contact in ${askLimits.department} characters or fewer`,
  askedGbp: 'Enter the £ asked as a whole number of pounds, like 1500000',
  securedGbp: 'Enter the £ secured as a whole number of pounds; only an agreed or partly agreed ask has £ secured',
  response: `Enter government’s response in ${askLimits.response} characters or fewer`,
  nextStep: 'Enter the next step, with its owner and a due date like 2021-04-30 if it has them',
  reason: `Enter the reason in ${askLimits.reason} characters or fewer`,
  version: 'Reload the page and make the change again',
};

/** Where each error's field is on the form. */
const fieldIds: Record<string, string> = { nextStep: 'nextStepText', status: 'status' };

export function askPage(page: AskPage): string {
  const { ask } = page;
  const errors = page.errors ?? [];
  const errorMap: Record<string, string> = {};
  for (const error of errors) {
    const field = error.field.split('.')[0]!;
    errorMap[field] ??= fieldAdvice[field] ?? error.message;
  }
  const typed = (field: string): string | undefined => {
    const value = page.values?.[field];
    return Array.isArray(value) ? value[0] : value;
  };
  const value = (field: string, current: string | number | undefined): string =>
    page.values ? (typed(field) ?? '') : current === undefined ? '' : String(current);
  const status = page.values ? (typed('status') ?? ask.status) : ask.status;
  return renderPage(views.ask, {
    cspNonce: page.nonce,
    active: 'asks',
    ask: askView(ask),
    priorityTitle: page.priorityTitle,
    history: [...page.history].reverse().map((change) => ({
      at: change.at,
      by: askView({ ...change.state, changedBy: change.by }).changedByText,
      reason: change.reason,
      updateId: change.updateId,
      state: askView(change.state),
    })),
    editor: page.editor,
    signOut: page.editor?.csrfToken,
    changed: page.changed,
    errors,
    errorMap,
    errorList: Object.entries(errorMap).map(([field, text]) => ({ text, href: `#${fieldIds[field] ?? field}` })),
    limits: askLimits,
    values: {
      version: page.values ? (typed('version') ?? String(ask.version)) : String(ask.version),
      department: value('department', ask.department),
      askedGbp: value('askedGbp', ask.askedGbp),
      securedGbp: value('securedGbp', ask.securedGbp),
      response: value('response', ask.response),
      nextStepText: value('nextStepText', ask.nextStep?.text),
      nextStepOwner: value('nextStepOwner', ask.nextStep?.owner),
      nextStepDue: value('nextStepDue', ask.nextStep?.due),
      reason: page.values ? (typed('reason') ?? '') : '',
    },
    statusItems: askStatuses.map((value) => ({ value, text: askStatusLabels[value], selected: value === status })),
  });
}

/**
 * The update form's rows for the priority's asks: each with what its fields held when shown (so
 * the post reports only the asks changed) and, when the form comes back with errors, what was typed.
 */
export function askFormRows(asks: readonly TrackedAsk[], values: FormValues | undefined) {
  const typed = (field: string): string[] => ([] as string[]).concat(values?.[field] ?? []);
  const [ids, statuses, secured, responses, steps] = ['askId', 'askStatus', 'askSecuredGbp', 'askResponse', 'askNextStep'].map(typed) as [
    string[],
    string[],
    string[],
    string[],
    string[],
  ];
  return asks.map((ask, index) => {
    const at = values ? ids.indexOf(ask.askId) : -1;
    const status = at >= 0 ? statuses[at] : ask.status;
    return {
      ...askView(ask),
      index,
      was: askFormWas(ask),
      securedGbp: at >= 0 ? secured[at] : ask.securedGbp === undefined ? '' : String(ask.securedGbp),
      responseText: at >= 0 ? responses[at] : (ask.response ?? ''),
      nextStepText: at >= 0 ? steps[at] : (ask.nextStep?.text ?? ''),
      statusItems: askStatuses.map((value) => ({ value, text: askStatusLabels[value], selected: value === status })),
    };
  });
}

/** The dashboard's headline of the asks: £ secured of £ asked, and the asks that moved since the last digest (or ever, before the first). */
export function dashboardAsks(commitments: { asks: readonly TrackedAsk[]; since?: string | undefined }) {
  const { all } = askTotals(commitments.asks);
  return {
    askHeadline: { count: all.count, asked: formatGbp(all.askedGbp), secured: formatGbp(all.securedGbp) },
    movedAsks: movedSince(commitments.asks, commitments.since).map(askView),
    movedSince: commitments.since,
  };
}
