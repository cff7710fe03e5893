/** Reading pages, emails and CSV the way a browser or a spreadsheet would, to see whether hostile text stayed text. */

/** The text a browser would show for escaped markup (the entities these pages and emails use). */
export function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_match, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_match, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

interface Tag {
  name: string;
  attributes: Map<string, string>;
  source: string;
}

/**
 * The start tags a browser would build from `html`: attribute values may hold any character once
 * quoted, and the text inside textarea, title, script and style is not markup (until its own end tag).
 */
function startTags(html: string): Tag[] {
  const tags: Tag[] = [];
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open === -1) break;
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    const nameMatch = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(open, open + 40));
    if (!nameMatch) {
      i = open + 1;
      continue;
    }
    const name = nameMatch[1]!.toLowerCase();
    const attributes = new Map<string, string>();
    let j = open + nameMatch[0].length;
    for (;;) {
      while (j < html.length && /[\s/]/.test(html[j]!)) j += 1;
      if (j >= html.length || html[j] === '>') break;
      const attribute = /^[^\s/>=]+/.exec(html.slice(j))?.[0] ?? html[j]!;
      j += attribute.length;
      while (j < html.length && /\s/.test(html[j]!)) j += 1;
      let value = '';
      if (html[j] === '=') {
        j += 1;
        while (j < html.length && /\s/.test(html[j]!)) j += 1;
        const quote = html[j];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, j + 1);
          value = html.slice(j + 1, end === -1 ? html.length : end);
          j = end === -1 ? html.length : end + 1;
        } else {
          value = /^[^\s>]*/.exec(html.slice(j))![0];
          j += value.length;
        }
      }
      attributes.set(attribute.toLowerCase(), decodeEntities(value));
    }
    tags.push({ name, attributes, source: html.slice(open, Math.min(j + 1, html.length)) });
    i = j + 1;
    if (['textarea', 'title', 'script', 'style'].includes(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, i);
      i = end === -1 ? html.length : end;
    }
  }
  return tags;
}

/**
 * Markup that would run: script elements without the page's CSP nonce (any at all in an email),
 * event-handler attributes, javascript: URLs, and frames or plugins.
 */
export function liveMarkup(html: string, nonce?: string): string[] {
  const found: string[] = [];
  for (const tag of startTags(html)) {
    const live =
      (tag.name === 'script' && (!nonce || tag.attributes.get('nonce') !== nonce)) ||
      ['iframe', 'object', 'embed', 'base'].includes(tag.name) ||
      [...tag.attributes.keys()].some((attribute) => attribute.startsWith('on')) ||
      ['href', 'src', 'action', 'formaction', 'xlink:href'].some((attribute) => /^\s*javascript:/i.test(tag.attributes.get(attribute) ?? ''));
    if (live) found.push(tag.source);
  }
  return found;
}

/** The nonce a page's Content-Security-Policy allows scripts with. */
export function cspNonce(csp: string | undefined): string | undefined {
  return /'nonce-([^']+)'/.exec(csp ?? '')?.[1];
}

/** RFC 4180 records, without a leading byte-order mark. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && input[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Cells a spreadsheet would read as a formula (OWASP CSV injection: =, +, -, @, tab, carriage return first). */
export function formulaCells(rows: readonly string[][]): string[] {
  return rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
}
