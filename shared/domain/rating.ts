/**
 * The IPA Delivery Confidence Assessment scale, with each level's official meaning so
 * that forms and emails can show what a rating says (and what it does not).
 */
export const statuses = ['green', 'amber-green', 'amber', 'amber-red', 'red'] as const;
export type Status = (typeof statuses)[number];

export const ratingScaleNames = ['five-point', 'three-point'] as const;
export type RatingScaleName = (typeof ratingScaleNames)[number];

export interface RatingLevel {
  status: Status;
  label: string;
  meaning: string;
}

/** Five points, as used across government until 2021. */
const fivePoint: readonly RatingLevel[] = [
  {
    status: 'green',
    label: 'Green',
    meaning: 'Successful delivery on time, on budget and to quality appears highly likely; there are no major outstanding issues that threaten delivery.',
  },
  {
    status: 'amber-green',
    label: 'Amber/Green',
    meaning: 'Successful delivery appears probable, but constant attention is needed to make sure risks do not become major issues that threaten delivery.',
  },
  {
    status: 'amber',
    label: 'Amber',
    meaning:
      'Successful delivery appears feasible, but significant issues already exist and need management attention. They appear resolvable and, if addressed promptly, should not cause delay or overspend.',
  },
  {
    status: 'amber-red',
    label: 'Amber/Red',
    meaning:
      'Successful delivery is in doubt, with major risks or issues apparent in a number of key areas. Urgent action is needed to address them and decide whether resolution is feasible.',
  },
  {
    status: 'red',
    label: 'Red',
    meaning:
      'Successful delivery appears unachievable. There are major issues which, at this stage, do not appear manageable or resolvable. The scope, schedule or budget may need re-baselining. Red does not mean the work will fail.',
  },
];

/** Three points, the current government scale. */
const threePoint: readonly RatingLevel[] = [
  {
    status: 'green',
    label: 'Green',
    meaning: 'Successful delivery is highly likely: the work is on track and there are no significant issues that threaten delivery.',
  },
  {
    status: 'amber',
    label: 'Amber',
    meaning:
      'Successful delivery is feasible, but significant issues exist that need management attention; they appear resolvable at this stage if addressed promptly.',
  },
  {
    status: 'red',
    label: 'Red',
    meaning:
      'Successful delivery is in doubt, with major issues in a number of key areas that need urgent action to decide whether they can be resolved. Red does not mean the work will fail.',
  },
];

export const ratingScales: Record<RatingScaleName, readonly RatingLevel[]> = {
  'five-point': fivePoint,
  'three-point': threePoint,
};

/** Higher is worse; used for trend. Five-point ranks cover the three-point scale too. */
const rank: Record<Status, number> = { green: 0, 'amber-green': 1, amber: 2, 'amber-red': 3, red: 4 };

export function compareStatus(a: Status, b: Status): number {
  return rank[a] - rank[b];
}

/** Statuses that always need a written rationale and the board's eye. */
export function isSerious(status: Status): boolean {
  return rank[status] >= rank['amber-red'];
}

export function levelOf(status: Status): RatingLevel {
  // Historic updates may use five-point levels even when a deployment uses three.
  return fivePoint.find((level) => level.status === status)!;
}
