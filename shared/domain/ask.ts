/**
 * Asks of government, tracked. Each ask of the catalogue has a current state (its status, the
 * department asked, £ asked and £ secured, government's response and the next step) and a dated
 * history of every change. £ are whole pounds. £ secured belongs to an agreed or partly agreed ask
 * only: a change that gives it to an ask of another status is refused, and moving an agreed ask
 * to another status clears it, so the totals never count money for an ask not agreed.
 */
import * as z from 'zod/mini';
import type { Role } from '#shared/domain/people';
import { plainText } from '#shared/domain/text';

export const askStatuses = ['not-yet-raised', 'raised', 'in-discussion', 'agreed', 'partly-agreed', 'declined', 'withdrawn'] as const;
export type AskStatus = (typeof askStatuses)[number];
export const askStatusLabels: Record<AskStatus, string> = {
  'not-yet-raised': 'Not yet raised',
  raised: 'Raised with government',
  'in-discussion': 'In discussion',
  agreed: 'Agreed',
  'partly-agreed': 'Partly agreed',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** The statuses whose ask may have £ secured. */
const securingStatuses: readonly AskStatus[] = ['agreed', 'partly-agreed'];
const maySecure = (status: AskStatus): boolean => securingStatuses.includes(status);

export const askLimits = { department: 200, response: 2000, nextStep: 1000, owner: 200, reason: 1000 } as const;
/** The largest amount taken: £100bn, far above any ask, below where a double loses whole pounds. */
const maxGbp = 100_000_000_000;

interface NextStep {
  text: string;
  owner?: string;
  /** A calendar date, YYYY-MM-DD. */
  due?: string;
}

/** What a change may set. */
export interface AskState {
  status: AskStatus;
  department?: string;
  askedGbp?: number;
  securedGbp?: number;
  response?: string;
  nextStep?: NextStep;
}

/** Who changed an ask, as anyone may read it: a name that may be shown, and the role; never a token or an address. */
export interface PublicActor {
  name?: string;
  role: Role | 'operator' | 'service';
}

export interface TrackedAsk extends AskState {
  priorityId: string;
  askId: string;
  /** The catalogue's title when the ask was tracked; pages show the catalogue's current one. */
  title: string;
  /** Set by the last change; absent while the ask is as the catalogue made it. */
  changedAt?: string;
  changedBy?: PublicActor;
  /** The progress update that made the last change, when one did. */
  updateId?: string;
}

const amount = z.int().check(z.gte(0, 'must be 0 or more'), z.lte(maxGbp, 'is too large'));

const nextStepSchema = z.strictObject({
  text: plainText({ max: askLimits.nextStep, multiline: true, tooShort: 'say what happens next' }),
  owner: z.optional(plainText({ max: askLimits.owner })),
  due: z.optional(z.iso.date({ error: 'must be a date, YYYY-MM-DD' })),
});

/** The fields a change sets; `null` clears one. Fields left out stay as they are. */
const changeShape = {
  status: z.optional(z.enum(askStatuses, { error: `must be one of: ${askStatuses.join(', ')}` })),
  department: z.optional(z.nullable(plainText({ max: askLimits.department }))),
  askedGbp: z.optional(z.nullable(amount)),
  securedGbp: z.optional(z.nullable(amount)),
  response: z.optional(z.nullable(plainText({ max: askLimits.response, multiline: true }))),
  nextStep: z.optional(z.nullable(nextStepSchema)),
};

/** What an update reports of one ask: its id and the fields it changes. */
export const askReportSchema = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(80)), ...changeShape });
export type AskReport = z.output<typeof askReportSchema>;

/** A change made on the ask's own page or through its route: `version` is the one it was made from (409 when another came first). */
export const askChangeSchema = z.strictObject({
  ...changeShape,
  reason: z.optional(plainText({ max: askLimits.reason, multiline: true })),
  version: z.optional(z.int().check(z.gte(0))),
});
export type AskChange = z.output<typeof askChangeSchema>;

/** The state after a change. Fields set to null are cleared; £ secured goes when the status cannot hold it. */
export function nextAskState<T extends AskState>(current: T, change: Omit<AskChange, 'reason' | 'version'>): T {
  const next = { ...current } as Record<string, unknown>;
  for (const field of ['status', 'department', 'askedGbp', 'securedGbp', 'response', 'nextStep'] as const) {
    const value = change[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  if (!maySecure(next.status as AskStatus)) delete next.securedGbp;
  return next as unknown as T;
}

/** The fields of a change that would break the rules against the current state; empty when it may be made. */
export function askChangeProblems(current: AskState, change: Omit<AskChange, 'reason' | 'version'>, prefix = ''): { field: string; message: string }[] {
  const status = change.status ?? current.status;
  if (typeof change.securedGbp === 'number' && change.securedGbp > 0 && !maySecure(status)) {
    return [{ field: `${prefix}securedGbp`, message: 'only an agreed or partly agreed ask has £ secured' }];
  }
  return [];
}

/** Whether a change would change anything. */
export function changesAsk(current: AskState, change: Omit<AskChange, 'reason' | 'version'>): boolean {
  return JSON.stringify(stateOf(nextAskState(current, change))) !== JSON.stringify(stateOf(current));
}

/** The fields a change may set, in one order, for comparing and for the history. */
export function stateOf(ask: AskState): AskState {
  const { status, department, askedGbp, securedGbp, response, nextStep } = ask;
  return {
    status,
    ...(department !== undefined ? { department } : {}),
    ...(askedGbp !== undefined ? { askedGbp } : {}),
    ...(securedGbp !== undefined ? { securedGbp } : {}),
    ...(response !== undefined ? { response } : {}),
    ...(nextStep !== undefined ? { nextStep } : {}),
  };
}

export interface AskTotal {
  count: number;
  askedGbp: number;
  securedGbp: number;
}

/** Totals of £ asked and £ secured, by status (every status, in order) and over all. */
export function askTotals(asks: readonly AskState[]): { byStatus: Record<AskStatus, AskTotal>; all: AskTotal } {
  const zero = (): AskTotal => ({ count: 0, askedGbp: 0, securedGbp: 0 });
  const byStatus = Object.fromEntries(askStatuses.map((status) => [status, zero()])) as Record<AskStatus, AskTotal>;
  const all = zero();
  for (const ask of asks) {
    for (const total of [byStatus[ask.status], all]) {
      total.count += 1;
      total.askedGbp += ask.askedGbp ?? 0;
      total.securedGbp += ask.securedGbp ?? 0;
    }
  }
  return { byStatus, all };
}

/** The asks changed after `since` (every changed one when there is none), most recently changed first. */
export function movedSince<T extends Pick<TrackedAsk, 'changedAt'>>(asks: readonly T[], since: string | undefined): T[] {
  return asks
    .filter((ask) => ask.changedAt !== undefined && (since === undefined || ask.changedAt > since))
    .sort((a, b) => (a.changedAt! < b.changedAt! ? 1 : a.changedAt! > b.changedAt! ? -1 : 0));
}

const pounds = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
/** Money as pages and emails write it: `£1,234,567`. */
export function formatGbp(amountGbp: number): string {
  return `£${pounds.format(amountGbp)}`;
}

/** A tracked ask as the catalogue starts it. */
export function newTrackedAsk(priorityId: string, ask: { id: string; title: string; amountGbp?: number | undefined }): TrackedAsk {
  return {
    priorityId,
    askId: ask.id,
    title: ask.title,
    status: 'not-yet-raised',
    ...(ask.amountGbp !== undefined ? { askedGbp: Math.round(ask.amountGbp) } : {}),
  };
}

/**
 * A change as a form sends it: every field as text, blank for none. Blank text clears the field;
 * a next step's owner and date without its text are refused with the text's field.
 */
export function askChangeFromForm(form: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const text = (name: string): string | undefined => {
    const value = form[`${prefix}${name}`];
    return typeof value === 'string' ? value.trim() : undefined;
  };
  const candidate: Record<string, unknown> = {};
  const status = text('status');
  if (status) candidate.status = status;
  for (const field of ['department', 'response'] as const) {
    const value = text(field);
    if (value !== undefined) candidate[field] = value === '' ? null : value;
  }
  for (const field of ['askedGbp', 'securedGbp'] as const) {
    const value = text(field);
    // Commas and a £ sign as people type them; anything else is left for the schema to refuse.
    if (value !== undefined) candidate[field] = value === '' ? null : /^£?[\d,]+$/.test(value) ? Number(value.replace(/[£,]/g, '')) : value;
  }
  const [step, owner, due] = [text('nextStepText'), text('nextStepOwner'), text('nextStepDue')];
  if (step !== undefined || owner || due) {
    candidate.nextStep = step || owner || due ? { text: step ?? '', ...(owner ? { owner } : {}), ...(due ? { due } : {}) } : null;
  }
  const reason = text('reason');
  if (reason) candidate.reason = reason;
  const version = text('version');
  if (version) candidate.version = /^\d+$/.test(version) ? Number(version) : version;
  return candidate;
}

/** A tracked ask with the version a change to it must name. */
export type AskWithVersion = TrackedAsk & { version: number };

interface AskGroup {
  priorityId: string;
  priorityTitle: string;
  asks: AskWithVersion[];
}

/**
 * The asks by priority, in the programme's order and each priority's catalogue order, with the
 * catalogue's current title; only those of the statuses asked for, when any are. Totals are of
 * every ask, by status, and of those shown.
 */
export function askBoard(
  priorities: readonly { id: string; title: string; asksOfGovernment: readonly { id: string; title: string }[] }[],
  tracked: readonly AskWithVersion[],
  statuses: readonly AskStatus[] = [],
) {
  const byPriority = new Map<string, AskWithVersion[]>();
  for (const ask of tracked) byPriority.set(ask.priorityId, [...(byPriority.get(ask.priorityId) ?? []), ask]);
  const shown = (ask: AskWithVersion) => statuses.length === 0 || statuses.includes(ask.status);
  const groups: AskGroup[] = priorities.map((priority) => {
    const order = priority.asksOfGovernment.map((ask) => ask.id);
    const titles = new Map(priority.asksOfGovernment.map((ask) => [ask.id, ask.title]));
    const place = (ask: AskWithVersion) => (order.includes(ask.askId) ? order.indexOf(ask.askId) : order.length);
    const asks = (byPriority.get(priority.id) ?? []).map((ask) => ({ ...ask, title: titles.get(ask.askId) ?? ask.title })).sort((a, b) => place(a) - place(b));
    return { priorityId: priority.id, priorityTitle: priority.title, asks };
  });
  const all = groups.flatMap((group) => group.asks);
  const filtered = groups.map((group) => ({ ...group, asks: group.asks.filter(shown) })).filter((group) => group.asks.length > 0);
  return { groups: filtered, totals: askTotals(all), shownTotal: askTotals(filtered.flatMap((group) => group.asks)).all };
}

/** The statuses a filter names (`status=agreed&status=raised`, or comma-separated); undefined when one is not a status. */
export function askStatusFilter(value: string | undefined): AskStatus[] | undefined {
  if (value === undefined || value === '') return [];
  const named = value
    .split(',')
    .map((status) => status.trim())
    .filter((status) => status !== '');
  return named.every((status): status is AskStatus => (askStatuses as readonly string[]).includes(status)) ? named : undefined;
}
