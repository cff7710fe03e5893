/**
 * The view models of every page: what each template is given, computed here so templates
 * stay declarative. Every function returns the HTML of one page.
 */

import * as views from '#compiled-views/pages';
import { askStatusLabels, type TrackedAsk } from '#shared/domain/ask';
import { type Assessment, type AssessorRole, assessmentLimits, assessorLabel, besideSponsor } from '#shared/domain/assessment';
import { type BarrierWithResponses, barrierAgeDays, barrierLimits, barrierStatuses, barrierStatusLabels, boardAsks } from '#shared/domain/barrier';
import { type BoardPack, type BoardPackListing, quarterDates, statusChangeLabels } from '#shared/domain/board-pack';
import { longDate } from '#shared/domain/calendar';
import type { Priority } from '#shared/domain/catalogue';
import { correctionsOf, effectiveUpdates } from '#shared/domain/corrections';
import { missedUpdate, type ReportingCalendar } from '#shared/domain/deadlines';
import type { FieldError } from '#shared/domain/errors';
import { newSecret, postedAtOf } from '#shared/domain/ids';
import { type Person, publicName, roleName, roles } from '#shared/domain/people';
import { currentPeriod, previousPeriod, type ReportingPeriod } from '#shared/domain/periods';
import { compareStatus, type RatingScaleName, ratingScales } from '#shared/domain/rating';
import type { PrioritySummary } from '#shared/domain/summary';
import { authorLabel, limits, type ProgressUpdate } from '#shared/domain/update';
import { askFormRows, askView, dashboardAsks } from '#shared/pages/asks';
import { statusChart } from '#shared/pages/chart';
import type { DashboardCommitmentsView, PriorityCommitmentsView, UpdateFormCommitments } from '#shared/pages/commitments';
import { renderPage } from '#shared/pages/render';

export { personalLinkPage } from '#shared/pages/personal-link';

/** Form values as the browser sent them, so a page with errors shows exactly what was typed. */
export type FormValues = Record<string, string | string[] | undefined>;

export const text = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('\n') : (value ?? ''));

/** What to tell a person about each field, in the GOV.UK style: say what to do, not what went wrong. */
const fieldAdvice: Record<string, (message: string) => string> = {
  status: () => 'Select how confident you are that the priority will be delivered',
  period: () => 'Enter the reporting period as a month, like 2021-03, or a quarter, like 2021-Q1',
  summary: (message) =>
    /at most|too big|<=/i.test(message) ? `Summary of progress must be ${limits.summary} characters or fewer` : 'Enter a summary of progress',
  statusRationale: (message) => `Explain why you gave this rating (${message.replace(/^explain the rating: /, '')})`,
  achievements: (message) => `Achievements: ${message}`,
  nextSteps: (message) => `Next steps: ${message}`,
  barriers: (message) => `Barriers: ${message}`,
  asks: (message) => `Asks of government: ${message}`,
  decision: () => 'Enter what the board decided or will do',
  owner: () => 'Enter who owns the action',
  dueDate: () => 'Enter the date the action is due by, like 2021-04-30',
  reason: () => 'Say why you are correcting the update',
  rationale: (message) =>
    /at most|too big|<=/i.test(message) ? `Why this rating must be ${assessmentLimits.rationale} characters or fewer` : 'Explain why you gave this rating',
  'Idempotency-Key': () => 'This form was already sent with different answers. Reload the form and try again',
};

/** Field errors keyed by the form field they belong to (`barriers.0.description` → `barriers`). */
export function errorsByField(errors: readonly FieldError[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const error of errors) {
    const field = error.field.split('.')[0]!;
    map[field] ??= (fieldAdvice[field] ?? ((message: string) => `${field}: ${message}`))(error.message);
  }
  return map;
}

export interface UpdateFormPage {
  nonce: string;
  priority: Priority;
  summary: PrioritySummary;
  lastUpdate: ProgressUpdate | undefined;
  author: { name?: string };
  scale: RatingScaleName;
  reportingPeriod: ReportingPeriod;
  csrfToken: string;
  /** The priority's barrier log: the form shows those not resolved. */
  barriers: readonly BarrierWithResponses[];
  asks?: readonly TrackedAsk[];
  commitments?: UpdateFormCommitments;
  values?: FormValues;
  errors?: FieldError[];
}

/** A barrier as the pages show it: its age, status and the board's responses, in words. */
function barrierView(barrier: BarrierWithResponses, titles: ReadonlyMap<string, string>, now: Date) {
  const age = barrierAgeDays(barrier, now);
  return {
    ...barrier,
    // Only a name that may be shown; never the token or person behind it.
    responses: barrier.responses.map(({ respondedBy, ...response }) => ({ ...response, respondedBy: { name: publicName(respondedBy) } })),
    priorityTitle: titles.get(barrier.priorityId) ?? barrier.priorityId,
    statusLabel: barrierStatusLabels[barrier.status],
    age: age === 0 ? 'Raised today' : age === 1 ? 'Raised 1 day ago' : `Raised ${age} days ago`,
    ageDays: age,
  };
}

export function updateFormPage(page: UpdateFormPage): string {
  const values = page.values;
  const errors = page.errors ?? [];
  const errorMap = errorsByField(errors);
  const status = values ? text(values.status) : (page.summary.status ?? '');
  const typed = (field: string): string[] => ([] as string[]).concat(values?.[field] ?? []);
  const [typedIds, typedStatuses, typedOwners] = [typed('loggedBarrier'), typed('loggedBarrierStatus'), typed('loggedBarrierOwner')];
  const now = new Date();
  return renderPage(views.updateForm, {
    cspNonce: page.nonce,
    priority: page.priority,
    summary: page.summary,
    lastUpdate: page.lastUpdate,
    author: page.author,
    csrfToken: page.csrfToken,
    signOut: page.csrfToken,
    // The form's idempotency key; a form shown again after errors gets a new one, since nothing was stored.
    submissionId: newSecret(16),
    limits,
    errors,
    errorMap,
    errorList: Object.entries(errorMap).map(([field, message]) => ({ text: message, href: `#${field}` })),
    values: {
      status,
      statusRationale: text(values?.statusRationale),
      period: values ? text(values.period) : currentPeriod(page.reportingPeriod),
      summary: text(values?.summary),
      achievements: text(values?.achievements),
      nextSteps: text(values?.nextSteps),
      barriers: text(values?.barriers),
      boardSupportBarriers: text(values?.boardSupportBarriers),
    },
    statusItems: ratingScales[page.scale].map((level) => ({
      value: level.status,
      text: level.label,
      hint: { text: level.meaning },
      checked: status === level.status,
    })),
    ownerLimit: barrierLimits.owner,
    asks: askFormRows(page.asks ?? [], values),
    commitments: page.commitments,
    // Each open barrier with what was typed for it, when the form comes back with errors.
    loggedBarriers: page.barriers
      .filter((barrier) => barrier.status !== 'resolved')
      .map((barrier, index) => {
        const at = typedIds.indexOf(barrier.barrierId);
        const status = at >= 0 ? typedStatuses[at] : barrier.status;
        return {
          ...barrierView(barrier, new Map(), now),
          index,
          owner: at >= 0 ? typedOwners[at] : (barrier.owner ?? ''),
          statusItems: barrierStatuses.map((value) => ({ value, text: barrierStatusLabels[value], selected: value === status })),
        };
      }),
  });
}

export interface AssessmentFormPage {
  nonce: string;
  priority: Priority;
  summary: PrioritySummary;
  /** The sponsor's latest update, for the reasons behind their rating. */
  lastUpdate: ProgressUpdate | undefined;
  assessment: Assessment | undefined;
  assessor: { name?: string; role: AssessorRole };
  scale: RatingScaleName;
  reportingPeriod: ReportingPeriod;
  csrfToken: string;
  values?: FormValues;
  errors?: FieldError[];
}

/** The independent assessment form, with the sponsor's rating and reasons beside it. */
export function assessmentFormPage(page: AssessmentFormPage): string {
  const values = page.values;
  const errorMap = errorsByField(page.errors ?? []);
  const status = text(values?.status);
  return renderPage(views.assessmentForm, {
    cspNonce: page.nonce,
    priority: page.priority,
    summary: page.summary,
    lastUpdate: page.lastUpdate,
    assessment: page.assessment,
    assessedBy: page.assessment ? assessorLabel(page.assessment.assessor) : '',
    recordingAs: assessorLabel(page.assessor),
    csrfToken: page.csrfToken,
    signOut: page.csrfToken,
    limits: assessmentLimits,
    errors: page.errors ?? [],
    errorMap,
    errorList: Object.entries(errorMap).map(([field, message]) => ({ text: message, href: `#${field}` })),
    values: {
      period: values ? text(values.period) : (page.summary.period ?? currentPeriod(page.reportingPeriod)),
      rationale: text(values?.rationale),
    },
    statusItems: ratingScales[page.scale].map((level) => ({
      value: level.status,
      text: level.label,
      hint: { text: level.meaning },
      checked: status === level.status,
    })),
  });
}

/** An independent rating as a page shows it beside the sponsor's: who, and whether the board is told they diverge. */
function independentView(summary: PrioritySummary, assessment: Assessment | undefined, scale: RatingScaleName) {
  return assessment && besideSponsor(summary.status, assessment, scale);
}

export function messagePage(nonce: string, title: string, paragraphs: string[]): string {
  return renderPage(views.message, { cspNonce: nonce, title, paragraphs });
}

const trendText: Record<string, string> = { new: 'First rating', improving: 'Improving', stable: 'No change', worsening: 'Worsening' };
export function dashboardPage(
  nonce: string,
  priorities: readonly { priority: Priority; summary: PrioritySummary; assessment?: Assessment }[],
  barriers: readonly BarrierWithResponses[],
  scale: RatingScaleName = 'five-point',
  asksOfGovernment: Parameters<typeof dashboardAsks>[0] = { asks: [] },
  commitments?: DashboardCommitmentsView,
): string {
  const titles = new Map(priorities.map(({ priority }) => [priority.id, priority.title]));
  const now = new Date();
  const asks = boardAsks(barriers.filter((barrier) => titles.has(barrier.priorityId))).map((barrier) => barrierView(barrier, titles, now));
  return renderPage(views.dashboard, {
    cspNonce: nonce,
    active: 'dashboard',
    rows: priorities.map(({ priority, summary, assessment }) => ({
      priority,
      summary,
      trend: summary.trend ? trendText[summary.trend] : 'No update yet',
      independent: independentView(summary, assessment, scale),
    })),
    attention: priorities.filter(({ summary }) => summary.status && compareStatus(summary.status, 'amber-red') >= 0).length,
    asks,
    ...dashboardAsks(asksOfGovernment),
    asksByPriority: Object.fromEntries([...titles.keys()].map((id) => [id, asks.filter((ask) => ask.priorityId === id).length])),
    commitments,
  });
}

export interface BarriersPage {
  nonce: string;
  priorities: readonly Priority[];
  barriers: readonly BarrierWithResponses[];
  /** With a board session: the form's CSRF token, and who is responding. */
  board?: { csrfToken: string; name?: string };
  /** A response that came back with errors: the barrier it was for, what was typed, and the errors. */
  failed?: { barrierId: string; values: FormValues; errors: FieldError[] };
  /** The barrier a response was just recorded for. */
  responded?: string;
}

/** The barriers needing board support, oldest first, each with its responses and, for a board member, a form to respond. */
export function barriersPage(page: BarriersPage): string {
  const titles = new Map(page.priorities.map((priority) => [priority.id, priority.title]));
  const now = new Date();
  const errorMap = page.failed ? errorsByField(page.failed.errors) : {};
  const asks = boardAsks(page.barriers.filter((barrier) => titles.has(barrier.priorityId))).map((barrier) => {
    const failed = page.failed?.barrierId === barrier.barrierId ? page.failed : undefined;
    return {
      ...barrierView(barrier, titles, now),
      showPriority: true,
      values: { decision: text(failed?.values.decision), owner: text(failed?.values.owner), dueDate: text(failed?.values.dueDate) },
      errorMap: failed ? errorMap : {},
    };
  });
  const failedAsk = asks.find((ask) => ask.barrierId === page.failed?.barrierId);
  return renderPage(views.barriers, {
    cspNonce: page.nonce,
    active: 'barriers',
    asks,
    board: page.board,
    signOut: page.board?.csrfToken,
    responded: page.responded ? asks.find((ask) => ask.barrierId === page.responded) : undefined,
    errorList: failedAsk ? Object.entries(errorMap).map(([field, message]) => ({ text: message, href: `#${field}-${failedAsk.barrierId}` })) : [],
    limits: barrierLimits,
  });
}

export interface MissedUpdatesPage {
  calendar: ReportingCalendar;
  reportingPeriod: ReportingPeriod;
  now: Date;
  priorities: readonly { priority: Priority; summary: PrioritySummary }[];
  /** The escalations recorded for the period just ended, by priority. */
  escalated: ReadonlyMap<string, { escalatedAt: string }>;
}

/** The priorities with no update for the current period, longest without one (or never updated) first. */
export function missedUpdatesPage(nonce: string, page: MissedUpdatesPage): string {
  const rows = page.priorities
    .flatMap(({ priority, summary }) => {
      const missed = missedUpdate(summary.period, page.calendar);
      if (!missed) return [];
      // An escalation is for the period just ended; once that period's update has arrived it no longer stands.
      return [{ priority, summary, missed, escalatedAt: missed.late ? page.escalated.get(priority.id)?.escalatedAt : undefined }];
    })
    // ISO times sort as text; never updated ('') first. The sort is stable, so ties keep the catalogue's order.
    .sort((a, b) => {
      const [x, y] = [a.summary.lastUpdateAt ?? '', b.summary.lastUpdateAt ?? ''];
      return x < y ? -1 : x > y ? 1 : 0;
    });
  return renderPage(views.missedUpdates, {
    cspNonce: nonce,
    now: page.now.toISOString(),
    calendar: page.calendar,
    reportingPeriod: page.reportingPeriod,
    rows,
  });
}

export function priorityPage(
  nonce: string,
  priority: Priority,
  summary: PrioritySummary,
  history: readonly ProgressUpdate[],
  barriers: readonly BarrierWithResponses[],
  assessments: { current?: Assessment; history?: readonly Assessment[]; scale?: RatingScaleName } = {},
  asks: readonly TrackedAsk[] = [],
  commitments?: PriorityCommitmentsView,
): string {
  // The chart and its table show the updates that stand; the history shows every one, with its correction.
  const chronological = effectiveUpdates(history).reverse();
  const corrections = correctionsOf(history);
  const titles = new Map([[priority.id, priority.title]]);
  const now = new Date();
  // Open ones first, oldest first; then the resolved, most recently resolved first.
  const logged = barriers.map((barrier) => barrierView(barrier, titles, now));
  const open = logged.filter((barrier) => barrier.status !== 'resolved').sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : 1));
  const resolved = logged.filter((barrier) => barrier.status === 'resolved').sort((a, b) => ((a.resolvedAt ?? '') < (b.resolvedAt ?? '') ? 1 : -1));
  return renderPage(views.priority, {
    cspNonce: nonce,
    priority,
    summary,
    history: history.map(({ author, ...update }) => ({
      ...update,
      postedBy: authorLabel(author),
      correctedBy: corrections.get(update.id),
      correctsPostedAt: update.corrects && postedAtOf(update.corrects.updateId),
    })),
    barriers: { open, resolved },
    independent: independentView(summary, assessments.current, assessments.scale ?? 'five-point'),
    // Newest period first, as the updates are.
    assessments: [...(assessments.history ?? [])].reverse().map((assessment) => ({ ...assessment, by: assessorLabel(assessment.assessor) })),
    chart: statusChart(chronological.map((update) => ({ label: update.period, status: update.status, at: update.submittedAt }))).value,
    chronological,
    trackedAsks: asks.map(askView),
    commitments,
  });
}

export function preferencesPage(nonce: string, person: Person, key: string, saved: boolean): string {
  return renderPage(views.preferences, { cspNonce: nonce, person, key, saved });
}

const assessorLabels: Record<AssessorRole, string> = { 'delivery-lead': 'Delivery lead', board: 'Board' };

/** A quarter's board pack: a cover with the portfolio at the quarter's end, then a section per priority (a page each in print). */
export function boardPackPage(nonce: string, pack: BoardPack): string {
  const updatesByPriority = Object.groupBy(pack.updates, (update) => update.priorityId);
  const titles = new Map(pack.priorities.map((p) => [p.priorityId, p.title]));
  return renderPage(views.boardPack, {
    cspNonce: nonce,
    active: 'board-packs',
    head: pack.head,
    priorities: pack.priorities,
    updatesByPriority,
    noUpdate: pack.head.noUpdate.map((id) => ({ priorityId: id, title: titles.get(id) ?? id })),
    previousQuarter: previousPeriod(pack.head.quarter),
    quarterEnd: longDate(new Date(`${quarterDates(pack.head.quarter).last}T12:00:00Z`), 'UTC'),
    changeLabels: statusChangeLabels,
    askLabels: askStatusLabels,
    statusLabels: barrierStatusLabels,
    assessorLabels,
    roleLabels: Object.fromEntries(roles.map((role) => [role, roleName(role)])),
  });
}

export interface BoardPacksPage {
  packs: readonly BoardPackListing[];
  /** With a session cookie: the form's CSRF token, and the form is shown (the post checks that the session is a board member's). */
  csrfToken?: string;
  /** The quarter the form offers (the one just ended), or as typed when it had an error. */
  quarter: string;
  error?: string;
}

/** The packs made, and for a board member the form that makes one. */
export function boardPacksPage(nonce: string, page: BoardPacksPage): string {
  return renderPage(views.boardPacks, { cspNonce: nonce, active: 'board-packs', ...page, signOut: page.csrfToken, errors: page.error ? [page.error] : [] });
}
