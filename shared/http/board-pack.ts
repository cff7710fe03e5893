/** A board pack over HTTP: the quarter in its address, and the pack as CSV for board papers (one row per priority). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type BoardPack, isQuarter, statusChangeLabels } from '#shared/domain/board-pack';
import { BadRequest } from '#shared/domain/errors';
import { levelOf, type Status } from '#shared/domain/rating';
import { csvResponse, toCsv } from '#shared/http/csv';

/** The quarter a pack's address names; anything else is a 400, so it never becomes a key. */
export function quarterParamOf(event: APIGatewayProxyEventV2): string {
  const quarter = event.pathParameters?.quarter ?? '';
  if (!isQuarter(quarter))
    throw new BadRequest('A board pack is named by its quarter, YYYY-Qn (for example 2021-Q1).', [{ field: 'quarter', message: 'must be a quarter, YYYY-Qn' }]);
  return quarter;
}

const label = (status: Status | null) => (status ? levelOf(status).label : 'Not yet rated');

export function boardPackCsv(pack: BoardPack) {
  const { quarter } = pack.head;
  const latestSummary = new Map<string, string>();
  for (const update of pack.updates) latestSummary.set(update.priorityId, update.summary);
  const descriptions = (barriers: readonly { description: string }[]) => barriers.map((b) => b.description).join('; ');
  const header = [
    'Quarter',
    'Priority id',
    'Priority',
    'Sponsoring authority',
    'Sponsor’s rating at the quarter’s end',
    'Rating from the update for',
    'Rating at the previous quarter’s end',
    'Change',
    'Independent rating',
    'Independent rating for',
    'Independent assessor',
    'Independent rationale',
    'Updates in the quarter',
    'Latest summary in the quarter',
    'Barriers opened',
    'Barriers resolved',
    'Barriers needing board support',
    'Barriers needing board support (descriptions)',
    'Made at',
    'Corrections of earlier updates',
  ];
  const rows = pack.priorities.map((p) => [
    quarter,
    p.priorityId,
    p.title,
    p.sponsorAuthority,
    label(p.status),
    p.statusPeriod,
    label(p.previousStatus),
    statusChangeLabels[p.change],
    p.independent ? label(p.independent.status) : 'None',
    p.independent?.period,
    p.independent ? (p.independent.assessorName ?? p.independent.assessorRole) : undefined,
    p.independent?.rationale,
    p.updateIds.length,
    latestSummary.get(p.priorityId),
    p.barriersOpened.length,
    p.barriersResolved.length,
    p.barriersNeedingSupport.length,
    descriptions(p.barriersNeedingSupport),
    pack.head.madeAt,
    (p.corrections ?? [])
      .map(
        (c) => `${c.correctedAt.slice(0, 10)}: ${c.before.period} ${label(c.before.status)} to ${c.after.period} ${label(c.after.status)} because ${c.reason}`,
      )
      .join('; '),
  ]);
  return csvResponse(`board-pack-${quarter}.csv`, toCsv(header, rows));
}
