/**
 * The views, compiled at build time: the pages' (shared/pages/views), the emails'
 * (shared/email/views), the partials both include (shared/views/partials) and, of GOV.UK
 * Frontend, only the templates and macros they extend, include or import, followed from one to
 * the next. Each set of views becomes an ES module of compiled render functions, with a
 * declaration file that types its exports, in shared/views/compiled (ignored by git, imported as
 * `#compiled-views/<set>`); shared/views/render.ts hands them to Nunjucks' runtime-only build, so
 * no function lexes, parses or compiles a template, and no .njk file is deployed. Beside them,
 * `#compiled-views/assets` holds the version of the pages' assets (shared/pages/assets.ts), so
 * pages name `/assets/<version>/…` without reading the files it is made from. The build writes
 * them (`npm run compile-views`, run by `prepare`, `prestart`, `pretest`, `prebench` and the CDK
 * app).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import nunjucks from 'nunjucks';
import { assetVersionOf } from '#shared/pages/assets';

const projectRoot = resolve(import.meta.dirname, '..');

/** Where the compiled views are written. */
const compiledViewsDir = join(projectRoot, 'shared/views/compiled');

/** The sets of views a module is compiled for: each .njk file in the folder is one view, exported by its name. */
export const viewSets = {
  pages: { folder: 'shared/pages/views', prefix: '' },
  emails: { folder: 'shared/email/views', prefix: 'email/' },
} as const;
export type ViewSet = keyof typeof viewSets;

const packageDir = (name: string): string => dirname(createRequire(join(projectRoot, 'package.json')).resolve(`${name}/package.json`));
const govukDist = join(packageDir('govuk-frontend'), 'dist');

/** Where a template's name is looked up, by its first folder: the emails', the partials', GOV.UK Frontend's, else the pages'. */
const roots: { prefix: string; dir: string }[] = [
  { prefix: viewSets.emails.prefix, dir: join(projectRoot, viewSets.emails.folder) },
  { prefix: 'partials/', dir: join(projectRoot, 'shared/views/partials') },
  { prefix: 'govuk/', dir: join(govukDist, 'govuk') },
  { prefix: viewSets.pages.prefix, dir: join(projectRoot, viewSets.pages.folder) },
];

const version = (name: string): string => (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;

/** A name relative to the template that names it (`../hint/macro.njk`), as the run-time loader resolves it. */
function resolveTemplateName(parent: string, name: string): string {
  return name.startsWith('./') || name.startsWith('../') ? posix.join(posix.dirname(parent), name) : name;
}

function sourceOf(name: string): string {
  const root = roots.find(({ prefix }) => name.startsWith(prefix))!;
  const file = join(root.dir, name.slice(root.prefix.length));
  if (!existsSync(file)) throw new Error(`Template "${name}" is not in ${relative(projectRoot, root.dir)}`);
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

/** The environment options compiled into the code; the run-time environment sets the same (shared/views/render.ts). */
const environmentOptions = { autoescape: true, throwOnUndefined: false } as const;

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

/** Every template reached from a set's views, with the names it uses, in name order; and the views. */
function templateGraph(set: ViewSet): { views: string[]; templates: Map<string, { source: string; uses: string[] }> } {
  const { folder, prefix } = viewSets[set];
  const viewNames = readdirSync(join(projectRoot, folder))
    .filter((file) => file.endsWith('.njk'))
    .sort()
    .map((file) => `${prefix}${file}`);
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

/** A view's export: `update-form.njk` → `updateForm`, `email/board-digest.njk` → `boardDigest`. */
const exportOf = (name: string): string =>
  posix
    .basename(name)
    .replace(/\.njk$/, '')
    .replace(/-(\w)/g, (_match, letter: string) => letter.toUpperCase());

const generatedBy = (set: ViewSet) =>
  `// Generated by \`npm run compile-views\` (infra/views-compiler.ts) from ${viewSets[set].folder}, shared/views/partials and GOV.UK Frontend ${version('govuk-frontend')}, for Nunjucks ${version('nunjucks')}: do not edit.`;

/**
 * The run-time helpers that compiled templates call most, by a module-scope name instead of as
 * `runtime.<name>(`: the minifier can shorten a name but not a property, and these calls are most
 * of a compiled view's bytes. `runtime` is always Nunjucks' runtime module, and these helpers do
 * not use `this`.
 */
const runtimeAliases = ['memberLookup', 'contextOrFrameLookup', 'suppressValue'] as const;
const runtimeAliasesModuleHeader = ["import nunjucks from 'nunjucks/browser/nunjucks-slim.js';", `const { ${runtimeAliases.join(', ')} } = nunjucks.runtime;`];
const withRuntimeAliases = (compiled: string): string => runtimeAliases.reduce((code, name) => code.replaceAll(`runtime.${name}(`, `${name}(`), compiled);

/**
 * A set's module. Each template is a constant holding its compiled code, wrapped as Nunjucks' own
 * precompiled output wraps it (precompile-global.js) but marked pure, with whitespace dropped
 * (esbuild). Each view is an export naming the templates it needs, itself included, so a
 * function's bundle keeps only the templates of the views it renders.
 */
function compiledViews(set: ViewSet): { module: string; declarations: string } {
  const env = new nunjucks.Environment([], environmentOptions);
  const { views: viewNames, templates } = templateGraph(set);
  const identifiers = new Set([...templates.keys()].map(identifierOf));
  if (identifiers.size !== templates.size) throw new Error('Two templates have names that make the same identifier');
  const constants = [...templates].map(([name, { source }]) => {
    const compiled = nunjucks.precompileString(source, { name, env, wrapper: ((output: { template: string }[]) => output[0]!.template) as never });
    const code = transformSync(`(function () {\n${withRuntimeAliases(compiled)}})()`, { minifyWhitespace: true })
      .code.trim()
      .replace(/;$/, '');
    return `const ${identifierOf(name)} = /* @__PURE__ */ ${code};`;
  });
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
  return {
    module: [generatedBy(set), ...runtimeAliasesModuleHeader, ...constants, '', ...exports, ''].join('\n'),
    declarations: [
      generatedBy(set),
      "import type { CompiledView } from '#shared/views/render';",
      '',
      ...viewNames.map((view) => `export declare const ${exportOf(view)}: CompiledView;`),
      '',
    ].join('\n'),
  };
}

/** The assets' module: their version, made from the files as they are now. */
function assetsModule(): { module: string; declarations: string } {
  const generated = `// Generated by \`npm run compile-views\` (infra/views-compiler.ts) from the pages' assets (shared/pages/assets.ts): do not edit.`;
  return {
    module: [generated, `export const assetVersion = ${JSON.stringify(assetVersionOf())};`, ''].join('\n'),
    declarations: [generated, 'export declare const assetVersion: string;', ''].join('\n'),
  };
}

/** Writes every set's module and declarations, and the assets', into `dir`, leaving a file alone when it is unchanged; returns the files. */
export function writeCompiledViews(dir: string = compiledViewsDir): string[] {
  mkdirSync(dir, { recursive: true });
  const modules: [string, { module: string; declarations: string }][] = [
    ...(Object.keys(viewSets) as ViewSet[]).map((set): [string, { module: string; declarations: string }] => [set, compiledViews(set)]),
    ['assets', assetsModule()],
  ];
  return modules.flatMap(([name, { module, declarations }]) =>
    [
      [join(dir, `${name}.js`), module],
      [join(dir, `${name}.d.ts`), declarations],
    ].map(([file, content]) => {
      if (!existsSync(file!) || readFileSync(file!, 'utf8') !== content) writeFileSync(file!, content!);
      return file!;
    }),
  );
}
