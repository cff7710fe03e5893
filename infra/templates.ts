/**
 * The pages' templates, compiled at build time: the views in shared/pages/views and, of GOV.UK
 * Frontend, only the templates and macros they extend, include or import, followed from one to
 * the next. The result is an ES module of compiled render functions that shared/pages/render.ts
 * hands to Nunjucks' runtime-only build, so no function lexes, parses or compiles a template,
 * and no .njk file is deployed. `npm run templates` writes it; a unit test fails while it is stale.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import nunjucks from 'nunjucks';

const projectRoot = resolve(import.meta.dirname, '..');

export const templatesModulePath = join(projectRoot, 'shared/pages/templates.ts');

/** Where names are looked up, in order: the project's views, then GOV.UK Frontend's `govuk/…` (as the loader had them). */
const views = join(projectRoot, 'shared/pages/views');
const packageDir = (name: string): string => dirname(createRequire(join(projectRoot, 'package.json')).resolve(`${name}/package.json`));
const govukDist = join(packageDir('govuk-frontend'), 'dist');
const version = (name: string): string => (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;

/** A name relative to the template that names it (`../hint/macro.njk`), as the run-time loader resolves it. */
function resolveTemplateName(parent: string, name: string): string {
  return name.startsWith('./') || name.startsWith('../') ? posix.join(posix.dirname(parent), name) : name;
}

function sourceOf(name: string): string {
  const file = [join(views, name), join(govukDist, name)].find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`Template "${name}" is neither in ${relative(projectRoot, views)} nor in GOV.UK Frontend's dist`);
  return readFileSync(file, 'utf8');
}

/** The parts of Nunjucks' parser and node classes this needs (its types do not describe them). */
interface TemplateNode {
  template: { value?: unknown; typename: string };
}
const { parser, nodes } = nunjucks as unknown as {
  parser: { parse(source: string, extensions: unknown[], options: object): { findAll(type: unknown): TemplateNode[] } };
  nodes: Record<'Extends' | 'Include' | 'Import' | 'FromImport', unknown>;
};

/** The environment options compiled into the code; the run-time environment sets the same (render.ts). */
export const environmentOptions = { autoescape: true, throwOnUndefined: false } as const;

/** The templates a template extends, includes or imports, by resolved name; a name that is not a literal fails. */
function dependenciesOf(name: string, source: string): string[] {
  const tree = parser.parse(source, [], environmentOptions);
  return [nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport].flatMap((type) =>
    tree.findAll(type).map(({ template }) => {
      if (typeof template.value !== 'string') throw new Error(`${name} names a template by a ${template.typename}; only literal names can be compiled ahead`);
      return resolveTemplateName(name, template.value);
    }),
  );
}

/** Every template reached from the views, with the names it uses, in name order; and the views. */
function templateGraph(): { views: string[]; templates: Map<string, { source: string; uses: string[] }> } {
  const viewNames = readdirSync(views)
    .filter((file) => file.endsWith('.njk'))
    .sort();
  const templates = new Map<string, { source: string; uses: string[] }>();
  const pending = [...viewNames];
  while (pending.length) {
    const name = pending.pop()!;
    if (templates.has(name)) continue;
    const source = sourceOf(name);
    const uses = [...new Set(dependenciesOf(name, source))];
    templates.set(name, { source, uses });
    pending.push(...uses);
  }
  return { views: viewNames, templates: new Map([...templates].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/** A template's name as a JavaScript identifier: `govuk/components/hint/macro.njk` → `govuk_components_hint_macro_njk`. */
const identifierOf = (name: string): string => name.replace(/[^A-Za-z0-9]+/g, '_');

/** A view's export: `update-form.njk` → `updateForm`. */
const exportOf = (name: string): string => name.replace(/\.njk$/, '').replace(/-(\w)/g, (_match, letter: string) => letter.toUpperCase());

/**
 * The module. Each template is a constant holding its compiled code, wrapped as Nunjucks' own
 * precompiled output wraps it (precompile-global.js) but marked pure. Whitespace is dropped
 * (esbuild) and each folder's templates share one line, so the code is the same but tools that
 * read source line by line (the duplicates command) pass over compiled code nobody edits.
 * Each view is an export naming the templates it needs, itself included, so a function's bundle
 * keeps only the templates of the views it renders.
 */
export function templatesModule(): string {
  const env = new nunjucks.Environment([], environmentOptions);
  const { views: viewNames, templates } = templateGraph();
  const identifiers = new Set([...templates.keys()].map(identifierOf));
  if (identifiers.size !== templates.size) throw new Error('Two templates have names that make the same identifier');
  const constants = new Map<string, string[]>();
  for (const [name, { source }] of templates) {
    const compiled = nunjucks.precompileString(source, { name, env, wrapper: ((output: { template: string }[]) => output[0]!.template) as never });
    // Whitespace only, and no template literals: each string keeps its escapes, so the code stays on one line.
    const code = transformSync(`(function () {\n${compiled}})()`, { minifyWhitespace: true, supported: { 'template-literal': false } }).code.trim().replace(/;$/, '');
    const folder = posix.dirname(name);
    constants.set(folder, [...(constants.get(folder) ?? []), `const ${identifierOf(name)} = /* @__PURE__ */ ${code};`]);
  }
  const closure = (view: string): string[] => {
    const reached = new Set<string>();
    const visit = (name: string): void => {
      if (reached.has(name)) return;
      reached.add(name);
      templates.get(name)!.uses.forEach(visit);
    };
    visit(view);
    return [...reached].sort();
  };
  const exports = viewNames.map((view) => {
    const needed = closure(view);
    return `export const ${exportOf(view)} = { name: ${JSON.stringify(view)}, templates: { ${needed.map((name) => `${JSON.stringify(name)}: ${identifierOf(name)}`).join(', ')} } };`;
  });
  return [
    `// Generated by \`npm run templates\` (infra/templates.ts) from shared/pages/views and GOV.UK Frontend ${version('govuk-frontend')}, for Nunjucks ${version('nunjucks')}: do not edit.`,
    '// Compiled code, not type-checked:',
    '// @ts-nocheck',
    ...[...constants.values()].map((line) => line.join(' ')),
    '',
    ...exports,
    '',
  ].join('\n');
}
