/**
 * Least privilege, proved on the synthesised template: each function's role reads only the
 * partitions the function list names for it, and no public read function (one behind a GET
 * route that needs no personal link) can read a token, a session, a person or a delivery
 * record. Nothing that answers the internet can write the PROGRAMME partition (the catalogue,
 * the summaries, the current assessments), and digest can only add credentials.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/data/keys';
import type { FunctionDefinition } from '#shared/function-definition';
import { isReadAction, isWriteAction, readActions } from '#shared/grants';
import { type FunctionName, functions, routes } from '../../functions/index.ts';
import { stringLike } from '../../infra/local/table-guard.ts';
import { synthesise } from './test-app.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

const definitions = Object.entries(functions) as [FunctionName, FunctionDefinition][];

/** Opened only with a personal secret: a token or the session made from it, or a preferences key (board-barriers and commitments-page read a session to add their forms). */
const personalLink: readonly FunctionName[] = [
  'update-form',
  'preferences',
  'assessment-form',
  'board-barriers',
  'commitments-page',
  'export-audit',
  'correct-update',
];
const publicReaders = [...new Set(routes.filter((route) => route.method === 'GET').map((route) => route.function))].filter(
  (name) => !personalLink.includes(name),
);

/** The partitions no public page may read, each with a real key built the way the code builds it. */
const privatePartitions = [
  { family: 'TOKEN#*', example: keys.credential('0123456789abcdef').pk },
  { family: 'SESSION#*', example: keys.session('a1'.repeat(32)).pk },
  { family: 'PEOPLE', example: keys.person('01JQ0000000000000000000000').pk },
  { family: 'OUTBOX#*', example: keys.delivery('update#01JQ0000000000000000000000', 'sponsor@example.org').pk },
];

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Whether some value matches both StringLike patterns: a pattern may overlap a family without matching any one example. */
function overlap(a: string, b: string): boolean {
  const known = new Map<string, boolean>();
  const from = (i: number, j: number): boolean => {
    const id = `${i},${j}`;
    if (!known.has(id)) {
      let result: boolean;
      if (i === a.length && j === b.length) result = true;
      else if (a[i] === '*') result = from(i + 1, j) || (j < b.length && from(i, j + 1));
      else if (b[j] === '*') result = from(i, j + 1) || (i < a.length && from(i + 1, j));
      else result = i < a.length && j < b.length && (a[i] === b[j] || a[i] === '?' || b[j] === '?') && from(i + 1, j + 1);
      known.set(id, result);
    }
    return known.get(id)!;
  };
  return from(0, 0);
}

/** Whether a statement's action (wildcards allowed) covers one of the reads that take a partition. */
const coversRead = (action: string) => readActions.some((read) => stringLike(action.toLowerCase(), read.toLowerCase()));

let resources: Record<string, Resource>;

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** Every statement of the policies attached to a function's role; functions are told apart by their description. */
function statementsOf(name: FunctionName): Statement[] {
  const found = ofType('AWS::Lambda::Function').find(([, fn]) => fn.Properties.Description === functions[name].description);
  if (!found) throw new Error(`No function for ${name}`);
  const roleId = (found[1].Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The statements that allow a partition-scoped read, whatever else they allow. */
function readStatementsOf(name: FunctionName): Statement[] {
  return statementsOf(name).filter((statement) => statement.Effect === 'Allow' && list(statement.Action).some(coversRead));
}

/** The LeadingKeys patterns a read statement is held to, or undefined when it is not held. */
function leadingKeysOf(statement: Statement): string[] | undefined {
  const patterns = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
  return patterns === undefined ? undefined : list(patterns);
}

beforeAll(() => {
  resources = synthesise().serviceTemplate.toJSON().Resources as Record<string, Resource>;
});

describe('the checks themselves', () => {
  it('match like IAM, and find an overlap wherever a value matches both patterns', () => {
    expect(stringLike('PRIORITY#*', 'PRIORITY#jobs-and-training')).toBe(true);
    expect(stringLike('PRIORITY#*', 'PROGRAMME')).toBe(false);
    expect(stringLike('?EOPLE', 'PEOPLE')).toBe(true);
    expect(stringLike('dynamodb:get*', 'dynamodb:getitem')).toBe(true);
    for (const [pattern, family, expected] of [
      ['*', 'TOKEN#*', true],
      ['T*', 'TOKEN#*', true],
      ['*#*', 'PEOPLE', false],
      ['P*', 'PEOPLE', true],
      ['PROGRAMME', 'PEOPLE', false],
      ['PRIORITY#*', 'TOKEN#*', false],
      ['*N#a?', 'TOKEN#*', true],
      ['*#update#*', 'OUTBOX#*', true],
    ] as const) {
      expect(overlap(pattern, family), `${pattern} and ${family}`).toBe(expected);
      expect(overlap(family, pattern), `${family} and ${pattern}`).toBe(expected);
    }
  });

  it('describe the private partitions as the code keys them', () => {
    for (const { family, example } of privatePartitions) expect(stringLike(family, example), example).toBe(true);
  });

  it('count as public every function behind a GET route that needs no personal link', () => {
    expect([...publicReaders].sort()).toEqual(
      [
        'asks',
        'board-pack-pages',
        'dashboard',
        'export-portfolio',
        'export-updates',
        'get-portfolio',
        'get-priority',
        'get-update',
        'health',
        'list-priorities',
        'list-updates',
        'missed-updates',
        'openapi',
        'statutory-pages',
      ].sort(),
    );
  });
});

describe('the function list', () => {
  it.each(definitions)('%s names read partitions exactly when it has a read action', (name, definition) => {
    const reads = definition.tableActions.some(isReadAction);
    if (reads) expect(definition.readPartitions?.length, name).toBeGreaterThan(0);
    else expect(definition.readPartitions, name).toBeUndefined();
  });

  it('does not type-check a reader without read partitions, or a writer without write partitions', () => {
    const base = { name: 'x', description: 'x' };
    expect([
      // @ts-expect-error a function that reads must name the partitions it reads
      { ...base, tableActions: ['dynamodb:Query'] } satisfies FunctionDefinition,
      // @ts-expect-error a function that writes must name the partitions it writes
      { ...base, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'], readPartitions: ['PROGRAMME'] } satisfies FunctionDefinition,
      { ...base, tableActions: ['dynamodb:GetItem'], readPartitions: ['PROGRAMME'] } satisfies FunctionDefinition,
    ]).toHaveLength(3);
  });
});

describe('read grants in the template', () => {
  it.each(definitions)('%s reads only its readPartitions, in one statement held by dynamodb:LeadingKeys', (name, definition) => {
    // Prepare
    const statements = readStatementsOf(name);
    const reads = definition.tableActions.filter(isReadAction);

    // Assess
    if (reads.length === 0) {
      expect(statements).toEqual([]);
      return;
    }
    expect(statements).toHaveLength(1);
    const [statement] = statements as [Statement];
    expect(list(statement.Action).sort()).toEqual([...reads].sort());
    expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...definition.readPartitions!] } });
  });

  it.each(publicReaders)('%s, a public read function, cannot read a token, a session, a person or a delivery record', (name) => {
    // Prepare
    const statements = statementsOf(name).filter((statement) => statement.Effect === 'Allow');

    // Assess: no statement allows everything but some actions, or a table action beyond the partition-scoped reads.
    expect(statements.filter((statement) => statement.NotAction !== undefined)).toEqual([]);
    const otherTableActions = statements
      .flatMap((statement) => list(statement.Action))
      .filter((action) => overlap(action.toLowerCase(), 'dynamodb:*'))
      .filter((action) => !(readActions as readonly string[]).includes(action));
    expect(otherTableActions).toEqual([]);

    // Assess: every read is held to partitions, and none of them overlaps a private one.
    for (const statement of readStatementsOf(name)) {
      const patterns = leadingKeysOf(statement);
      expect(patterns, `${name}: ${JSON.stringify(statement)}`).toBeDefined();
      expect(patterns!.length).toBeGreaterThan(0);
      for (const pattern of patterns!) {
        for (const { family, example } of privatePartitions) {
          expect(overlap(pattern, family), `${name} may read ${pattern}, which reaches ${family}`).toBe(false);
          expect(stringLike(pattern, example), `${name} may read ${example}`).toBe(false);
        }
      }
    }
  });
});

describe('the audit log in the template', () => {
  const auditFamily = 'AUDIT#*';
  const example = keys.audit('2026-12-07T10:00:00.000Z', '0123456789abcdef').pk;
  const changes = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
  /** The functions whose acts write an entry, each in the act's transaction. */
  const recorders: readonly FunctionName[] = ['respond-to-barrier', 'record-assessment', 'board-pack-on-request', 'board-pack-on-schedule'];

  it('keys entries in the AUDIT# family', () => {
    expect(stringLike(auditFamily, example)).toBe(true);
  });

  it.each(definitions)('%s can neither change nor delete an audit entry, and can only add one with a PutItem', (name) => {
    for (const statement of statementsOf(name).filter((each) => each.Effect === 'Allow')) {
      const actions = list(statement.Action);
      const patterns = leadingKeysOf(statement);
      const reachesAudit = patterns === undefined || patterns.some((pattern) => overlap(pattern, auditFamily));
      if (!reachesAudit) continue;
      const granted = (wanted: string) => actions.some((action) => stringLike(action.toLowerCase(), wanted.toLowerCase()));
      expect(changes.filter(granted), `${name}: ${JSON.stringify(statement)}`).toEqual([]);
      if (granted('dynamodb:PutItem')) expect([statement.Sid, actions], name).toEqual(['TableCreates', ['dynamodb:PutItem']]);
    }
  });

  it.each(recorders)('%s may add an audit entry', (name) => {
    const appends = statementsOf(name).filter((statement) => statement.Sid === 'TableCreates');
    expect(appends.map((statement) => [list(statement.Action), leadingKeysOf(statement)])).toEqual([[['dynamodb:PutItem'], [auditFamily]]]);
  });
});

/** Every function that serves a route: it answers the internet. */
const routed = [...new Set(routes.map((route) => route.function))];
const writeActionsOf = (statement: Statement) => list(statement.Action).filter((action) => isWriteAction(action) || action.endsWith('*'));

describe('write grants in the template', () => {
  it('cover every routed function, the ones that write included', () => {
    expect(routed).toEqual(expect.arrayContaining(['record-update', 'record-assessment', 'respond-to-barrier', 'board-pack-on-request']));
  });

  it.each(routed)('%s, which answers the internet, cannot write the PROGRAMME partition', (name) => {
    const definition = functions[name] as FunctionDefinition;
    for (const pattern of [...(definition.writePartitions ?? []), ...(definition.createPartitions ?? [])]) {
      expect(overlap(pattern, keys.programmePartition), `${name} lists ${pattern}`).toBe(false);
    }
    for (const statement of statementsOf(name).filter((candidate) => candidate.Effect === 'Allow' && writeActionsOf(candidate).length > 0)) {
      const patterns = leadingKeysOf(statement);
      expect(patterns, `${name}: ${JSON.stringify(statement)}`).toBeDefined();
      for (const pattern of patterns!) expect(overlap(pattern, keys.programmePartition), `${name} may write ${pattern}`).toBe(false);
    }
  });

  it('let digest put credentials and nothing more: no update or delete of one', () => {
    const credential = keys.credential('0123456789abcdef').pk;
    const reaching = statementsOf('digest').filter(
      (statement) =>
        statement.Effect === 'Allow' && writeActionsOf(statement).length > 0 && leadingKeysOf(statement)!.some((pattern) => stringLike(pattern, credential)),
    );
    expect(reaching).toHaveLength(1);
    expect(list(reaching[0]!.Action)).toEqual(['dynamodb:PutItem']);
    // With each link, its person's index item and audit entry: only ever added too.
    expect(leadingKeysOf(reaching[0]!)).toEqual(['TOKEN#*', 'PERSON#*', 'AUDIT#*']);
  });
});
