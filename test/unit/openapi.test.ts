/** The OpenAPI description: generated from the functions' route descriptions and the schemas, committed, valid, and served. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessmentCandidateFromForm, parseAssessmentInput } from '#shared/domain/assessment';
import { ValidationFailed } from '#shared/domain/errors';
import { applyUpdate, emptySummary, portfolioOf, portfolioView } from '#shared/domain/summary';
import { parseUpdateInput, updateCandidateFromForm } from '#shared/domain/update';
import { routeKey } from '#shared/function-definition';
import { toProblem } from '#shared/http/handler';
import { apiVersion, openApiDocument, openApiPath } from '#shared/http/openapi';
import { assessmentViews, priorityView, ratingScaleView } from '#shared/http/publish';
import { assessmentSchema, currentAssessmentSchema, portfolioViewSchema, priorityViewSchema, ratingScaleViewSchema } from '#shared/http/published';
import { problemSchema } from '#shared/http/responses';
import { functionApis } from '../../functions/api.ts';
import { entryOf, routes } from '../../functions/index.ts';
import { handler } from '../../functions/openapi/handler.ts';
import { assessmentFormSchema } from '../../functions/record-assessment/api.ts';
import { updateFormSchema } from '../../functions/record-update/api.ts';
import { toEvent } from '../../infra/local/http-api.ts';
import { lambdaContext } from '../../infra/local/lambda.ts';
import { sampleUpdate } from './fixtures.ts';

const root = resolve(import.meta.dirname, '../..');
const document = openApiDocument(functionApis);
const routeDescriptions = Object.assign({}, ...functionApis.map((api) => api.descriptions)) as (typeof functionApis)[number]['descriptions'];
/** The document as it travels: what a client reads, and what the committed file holds. */
const asJson = JSON.parse(JSON.stringify(document)) as unknown;

describe('the committed description', () => {
  it('is the one the code generates', () => {
    const committed: unknown = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8'));
    expect(committed, 'docs/openapi.json is out of date: run `npm run openapi` and commit the result').toEqual(asJson);
  });

  it('carries the package’s version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(apiVersion).toBe(version);
  });
});

describe('routes', () => {
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item));

  it('has one operation per route and describes no route that is not in the route table', () => {
    expect(operations).toHaveLength(routes.length);
    expect(Object.keys(routeDescriptions).sort()).toEqual(routes.map(routeKey).sort());
    // Every function with routes is in functions/api.ts, in the route table's order (the order of the paths).
    expect(functionApis.flatMap((api) => api.routes)).toEqual(routes);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(operations.length);
  });

  it('writes API Gateway’s greedy {name+} as a path parameter of that name', () => {
    expect(openApiPath('/files/{proxy+}')).toBe('/files/{proxy}');
  });

  it('has no /assets/ paths: CloudFront serves them from the assets bucket', () => {
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/assets/'))).toEqual([]);
  });

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s has exactly the statuses its description declares', (key, route) => {
    const operation = document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
    expect(operation, `${key} is missing from paths`).toBeDefined();
    const statuses = Object.keys(operation!.responses);
    expect(statuses).toEqual(Object.keys(routeDescriptions[key]!.responses));
    expect(statuses).toContain('500');
    if (route.path.includes('{')) expect(statuses).toContain('404');
    const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map(([, name]) => name);
    expect(operation!.parameters?.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name) ?? []).toEqual(names);
  });

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s answers browsers’ errors with pages exactly when its function does', (key, route) => {
    const source = readFileSync(join(root, entryOf(route.function)), 'utf8');
    expect(routeDescriptions[key]!.errorPages).toBe(/\bpageHandler\(/.test(source));
  });

  it('leaves no component unused', () => {
    const text = JSON.stringify(document.paths) + JSON.stringify(document.components);
    for (const kind of ['schemas', 'responses', 'headers'] as const) {
      for (const name of Object.keys(document.components[kind])) expect(text, `${kind}/${name}`).toContain(`"#/components/${kind}/${name}"`);
    }
  });
});

/** openapi-spec-validator (Python), on PATH or as a module; `undefined` when neither is installed. */
function findValidator(): string[] | undefined {
  for (const command of [['openapi-spec-validator'], ['python3', '-m', 'openapi_spec_validator']]) {
    const probe = spawnSync(command[0]!, [...command.slice(1), '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return command;
  }
  return undefined;
}

const validator = findValidator();
const requiredHere = process.env.CI === 'true';

describe('validity', () => {
  it.skipIf(!validator && !requiredHere)(
    validator
      ? 'is valid OpenAPI 3.1 (openapi-spec-validator)'
      : 'is valid OpenAPI 3.1: skipped, openapi-spec-validator is not installed (pip install openapi-spec-validator)',
    () => {
      if (!validator) throw new Error('openapi-spec-validator is required under CI: pip install openapi-spec-validator');
      const directory = mkdtempSync(join(tmpdir(), 'openapi-'));
      try {
        const file = join(directory, 'openapi.json');
        writeFileSync(file, JSON.stringify(document));
        const run = spawnSync(validator[0]!, [...validator.slice(1), '--schema', '3.1', file], { encoding: 'utf8' });
        expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
    // No time limit: the validator starts a Python interpreter, which a busy machine may take a while to do.
    0,
  );
});

describe('schemas against the code that builds the shapes', () => {
  const update = sampleUpdate({
    author: { tokenId: '0123456789abcdef', name: 'Sponsor' },
    summary: 'Placements agreed.',
    barriers: [{ description: 'Funding', needsBoardSupport: true }],
  });
  const summary = applyUpdate(emptySummary('jobs-and-training'), update)!;

  it('views, the portfolio and problems match their schemas', () => {
    const priority = {
      id: 'jobs-and-training',
      title: 'Jobs and training',
      kind: 'citizen-priority' as const,
      sponsor: {},
      ambitions: [],
      asksOfGovernment: [],
      collaborationOpportunities: [],
      goodPractice: [],
      milestones: [],
      measures: [],
    };
    expect(priorityViewSchema.safeParse(priorityView(priority, summary)).error).toBeUndefined();
    expect(ratingScaleViewSchema.safeParse(ratingScaleView('three-point')).error).toBeUndefined();
    const portfolio = portfolioOf([summary]);
    expect(portfolioViewSchema.safeParse(portfolioView(portfolio, ['jobs-and-training', 'other'], ['green', 'amber', 'red'])).error).toBeUndefined();
    const problem = toProblem(new ValidationFailed([{ field: 'status', message: 'is required' }]), 'request-1');
    expect(problemSchema.safeParse(JSON.parse(problem.body!)).error).toBeUndefined();
  });

  it('the update form’s fields are the ones the form reader turns into an update', () => {
    const form = {
      status: 'amber',
      period: '2021-03',
      summary: 'Placements agreed.',
      statusRationale: 'Behind plan.',
      achievements: ['First cohort placed'],
      nextSteps: ['Second cohort'],
      barriers: ['Venue'],
      boardSupportBarriers: ['Funding'],
      loggedBarrier: ['01F0000000000000000000000A-0'],
      loggedBarrierStatus: ['resolved'],
      loggedBarrierOwner: ['Transport for West Midlands'],
      token: 'rp_token',
      csrfToken: 'csrf',
      submissionId: 'submission',
    };
    expect(Object.keys(form).sort()).toEqual(Object.keys(updateFormSchema.shape).sort());
    expect(updateFormSchema.safeParse(form).error).toBeUndefined();
    expect(parseUpdateInput(updateCandidateFromForm(form), 'five-point').barriers).toEqual([
      { id: '01F0000000000000000000000A-0', status: 'resolved', owner: 'Transport for West Midlands' },
      { description: 'Venue', needsBoardSupport: false },
      { description: 'Funding', needsBoardSupport: true },
    ]);
  });
});

describe('independent assessments against their schemas', () => {
  it('the assessment form’s fields are the ones the form reader turns into an assessment, and the views match', () => {
    const form = { status: 'amber', period: '2021-03', rationale: 'Behind plan.', token: 'rp_token', csrfToken: 'csrf' };
    expect(Object.keys(form).sort()).toEqual(Object.keys(assessmentFormSchema.shape).sort());
    expect(assessmentFormSchema.safeParse(form).error).toBeUndefined();
    const input = parseAssessmentInput(assessmentCandidateFromForm(form), 'five-point');
    const assessment = {
      ...input,
      priorityId: 'jobs-and-training',
      assessor: { role: 'board' as const, tokenId: '0123456789abcdef' },
      assessedAt: new Date().toISOString(),
    };
    const views = assessmentViews({ ...emptySummary('jobs-and-training'), status: 'green' }, assessment, [assessment], 'five-point');
    expect(views.assessment).toMatchObject({ divergent: true });
    expect(currentAssessmentSchema.safeParse(views.assessment).error).toBeUndefined();
    expect(assessmentSchema.array().safeParse(views.assessments).error).toBeUndefined();
  });
});

describe('GET /openapi.json', () => {
  it('answers 200 with the document', async () => {
    const route = routes.find((candidate) => candidate.function === 'openapi')!;
    const event = toEvent({ method: 'GET', url: '/openapi.json', headers: { accept: 'application/json' }, body: Buffer.alloc(0) }, route, {});
    const result = await handler(event, lambdaContext('openapi'));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(result.body!)).toEqual(asJson);
  });
});
