/**
 * The shape of the code, checked by `npm run lint` (dependency-cruiser): dependencies point one
 * way (domain ← data ← services ← http / pages / email ← functions ← infra), the domain stays
 * pure, shared code is named `#shared/*`, a function imports no other function, and no cycle.
 * test/unit/architecture.test.ts proves that a wrong import breaks a rule.
 */

/**
 * A rule for one layer of shared/: the files `from` may import only the shared files `allowed`
 * (regular expressions over paths from the repository root), besides packages and Node built-ins.
 * What lies outside shared/ is the rule shared-not-outward's.
 */
function layer(name, comment, from, allowed) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: '^shared/', pathNot: allowed } };
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle ties modules together so neither can change, load or be tested alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-pure',
      comment: 'The domain is pure rules: no AWS SDK, no HTTP, no file system; zod, ulid and node:crypto only.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { pathNot: ['^shared/domain/', '(^|/)node_modules/(zod|ulid)/', '^(node:)?crypto$'] },
    },
    layer('catalogue-layer', 'The catalogue is data checked by the domain’s schemas.', '^shared/catalogue/', ['^shared/(domain|catalogue)/']),
    layer('html-layer', 'HTML escaping stands alone.', '^shared/html\\.ts$', []),
    layer('status-colours-layer', 'Status colours depend on the statuses alone.', '^shared/status-colours\\.ts$', ['^shared/domain/']),
    layer('logger-layer', 'The logger stands alone.', '^shared/logger\\.ts$', []),
    layer('metrics-layer', 'Metrics read the settings alone.', '^shared/metrics\\.ts$', ['^shared/settings\\.ts$']),
    layer('grants-layer', 'The table actions and grants stand alone.', '^shared/grants\\.ts$', []),
    layer('function-definition-layer', 'What a function definition holds, over the grants alone.', '^shared/function-definition\\.ts$', [
      '^shared/grants\\.ts$',
    ]),
    layer('settings-layer', 'Settings read the domain and what a function definition holds.', '^shared/settings\\.ts$', [
      '^shared/domain/',
      '^shared/function-definition\\.ts$',
    ]),
    layer('data-layer', 'The data layer stores the domain.', '^shared/data/', ['^shared/(domain|data)/']),
    layer('services-layer', 'Services combine the domain and the data layer.', '^shared/services/', ['^shared/(domain|data|services)/']),
    layer('views-layer', 'The views’ runtime and partials, shared by pages and emails.', '^shared/views/', [
      '^shared/(domain|views)/',
      '^shared/status-colours\\.ts$',
    ]),
    layer('email-layer', 'Emails render what the services decide.', '^shared/email/', [
      '^shared/(domain|data|services|email|views)/',
      '^shared/settings\\.ts$',
    ]),
    layer('http-layer', 'HTTP adapts the services; the API description is built from the routes it is given.', '^shared/http/', [
      '^shared/(domain|data|services|http)/',
      '^shared/(html|logger|function-definition)\\.ts$',
    ]),
    layer('pages-layer', 'Pages render what the services decide, through the HTTP helpers.', '^shared/pages/', [
      '^shared/(domain|services|http|pages|views)/',
      '^shared/html\\.ts$',
    ]),
    {
      name: 'schemas-on-zod-mini',
      comment:
        'Schemas are zod/mini, which bundles a fraction of classic zod’s code; only the OpenAPI description, bundled by the openapi function alone, uses classic zod.',
      severity: 'error',
      from: {
        path: '^(shared|functions|infra|bench)/',
        pathNot: ['^shared/http/(published|openapi|api-components|route-description|common-answers)\\.ts$', '^functions/(api|[^/]+/api)\\.ts$'],
      },
      to: { path: '(^|/)node_modules/zod/', pathNot: '(^|/)node_modules/zod/(mini|locales|v4/(mini|core|locales))/' },
    },
    {
      name: 'shared-not-outward',
      comment: 'Shared code is what functions and infrastructure build on: it never imports them, nor tests or the bench.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|bench|test)/' },
    },
    {
      name: 'functions-import-shared',
      comment: 'A function is its handler over shared code: it never imports the infrastructure, tests or the bench.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(infra|bench|test)/' },
    },
    {
      name: 'function-alone',
      comment: 'A function imports no other function, so that each bundles only its own code and its own definition.',
      severity: 'error',
      from: { path: '^functions/([^/]+)/', pathNot: '^functions/openapi/handler\\.ts$' },
      to: { path: '^functions/', pathNot: '^functions/$1/' },
    },
    {
      name: 'openapi-reads-api',
      comment: 'The openapi function describes the whole API, so it alone reads the API assembly, and nothing else of other functions.',
      severity: 'error',
      from: { path: '^functions/openapi/handler\\.ts$' },
      to: { path: '^functions/', pathNot: '^functions/(openapi/|api\\.ts$)' },
    },
    {
      name: 'definition-light',
      comment: 'A definition is bundled with its handler: it reads what a definition holds and the grants, no zod and no handler code.',
      severity: 'error',
      from: { path: '^functions/[^/]+/definition\\.ts$' },
      to: { pathNot: '^shared/(function-definition|grants)\\.ts$' },
    },
    {
      name: 'assemblies-collect',
      comment: 'functions/index.ts collects the definitions and functions/api.ts the API descriptions, and nothing else of the functions.',
      severity: 'error',
      from: { path: '^functions/(index|api)\\.ts$' },
      to: { path: '^functions/[^/]+/', pathNot: '^functions/[^/]+/(definition|api)\\.ts$' },
    },
    {
      name: 'through-the-assemblies',
      comment: 'The infrastructure and the bench reach a function’s definition or API description only through the assemblies.',
      severity: 'error',
      from: { path: '^(infra|bench)/' },
      to: { path: '^functions/[^/]+/(definition|api)\\.ts$' },
    },
    {
      name: 'infra-not-tests',
      comment: 'The infrastructure builds on functions and shared code, never on tests or the bench.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^(bench|test)/' },
    },
    {
      name: 'shared-by-name',
      comment: 'Shared code is named one way, #shared/*, never by a relative path (a shared folder may read its own data files).',
      severity: 'error',
      from: {},
      to: { path: '^shared/.+\\.ts$', dependencyTypesNot: ['aliased-subpath-import'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve fails at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cdk\\.out/', '^\\.local/', '^\\.tools/', '^coverage/', '^test/artifacts/'] },
    // Type-only imports count: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
