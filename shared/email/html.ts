/**
 * A tagged template for HTML in which every interpolated value is escaped unless it is
 * already markup made by this same tag, so user text cannot become markup by accident.
 */
import { escapeHtml } from '../http/responses.ts';

export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = string | number | null | undefined | false | Markup | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map((item) => render(item as Value)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  return new Markup(strings.reduce((out, text, i) => out + text + (i < values.length ? render(values[i]!) : ''), ''));
}
