/**
 * The colour of each rating level, always shown around the level's name and never instead of
 * it: GOV.UK Frontend's tag colours. Pages use the tag's class; emails, which cannot load the
 * stylesheet, use the same colours inline.
 */
import type { Status } from '#shared/domain/rating';

export interface StatusColour {
  /** GOV.UK Frontend's tag modifier class. */
  tagClass: string;
  /** The tag's text and background colours, as that class sets them. */
  text: string;
  background: string;
}

export const statusColours: Record<Status, StatusColour> = {
  green: { tagClass: 'govuk-tag--green', text: '#083d29', background: '#cfe4dc' },
  'amber-green': { tagClass: 'govuk-tag--teal', text: '#0b4144', background: '#d0e6e7' },
  amber: { tagClass: 'govuk-tag--yellow', text: '#7a3c1c', background: '#ffee80' },
  'amber-red': { tagClass: 'govuk-tag--orange', text: '#7a3c1c', background: '#fde4d7' },
  red: { tagClass: 'govuk-tag--red', text: '#651b1b', background: '#f4d7d7' },
};

/** A priority with no update yet. */
export const notRatedColour: StatusColour = { tagClass: 'govuk-tag--grey', text: '#0b0c0c', background: '#cecece' };

export const statusColour = (status: Status | null): StatusColour => (status ? statusColours[status] : notRatedColour);
