/** Loading a catalogue: at local start and on deployment (the seed custom resource), repeatably, for any programme. */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/lambda.ts';
import { startTestStack, type TestStack } from './stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

function deployEvent(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-2:000000000000:function:provider',
    ResponseURL: 'https://example.org/response',
    StackId: 'arn:aws:cloudformation:eu-west-2:000000000000:stack/s/1',
    RequestId: 'r',
    LogicalResourceId: 'Seed',
    ResourceType: 'Custom::CatalogueSeed',
    ResourceProperties: { ServiceToken: 'x', ...properties },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'catalogue-x', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

describe('seeding', () => {
  it('the local start loaded the roadmap and example people with fake addresses only', async () => {
    const people = await stack.stores.people.list();
    expect(people).toHaveLength(7 * 2 + 2);
    for (const person of people) expect(person.email).toMatch(/@example\.org$/);
  });

  it('the deploy-time seed adds board recipients once, and keeps summaries', async () => {
    const token = await stack.token('jobs-and-training');
    const posted = await stack.request('POST', '/priorities/jobs-and-training/updates', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ status: 'green', period: '2021-03', summary: 'Before the redeploy' }),
    });
    expect(posted.status).toBe(201);
    const { summary } = (await stack.stores.programme.priority('jobs-and-training'))!;
    const before = (await stack.stores.people.list()).length;
    const boardRecipients = [{ name: 'Ann Chair', email: 'chair@board.example.org' }, 'secretary@board.example.org'];
    const properties = { programme: 'west-midlands-community-recovery', boardRecipients };

    const first = await invoke<{ Data: { peopleAdded: number } }>('seed', deployEvent('Create', properties));
    const second = await invoke<{ Data: { peopleAdded: number } }>('seed', deployEvent('Update', properties));

    expect(first.Data.peopleAdded).toBe(2);
    expect(second.Data.peopleAdded).toBe(0);
    const people = await stack.stores.people.list();
    expect(people.length).toBe(before + 2);
    // A board member given by address alone has no name: never one made from the address.
    expect(people.find((person) => person.email === 'chair@board.example.org')?.name).toBe('Ann Chair');
    expect(people.find((person) => person.email === 'secretary@board.example.org')).not.toHaveProperty('name');
    expect((await stack.stores.programme.priority('jobs-and-training'))!.summary).toEqual(summary);
  });

  it('gives a summary without a title its priority’s title, and changes nothing else', async () => {
    const { summaries } = stack.stores;
    const stored = (await summaries.get('extra-help-to-the-most-affected', true))!;
    expect(stored.value.title).toBe('Extra help to the most affected');
    const { title: _title, ...untitled } = stored.value;
    await summaries.save(untitled, stored.version);

    await invoke('seed', deployEvent('Update', { programme: 'west-midlands-community-recovery' }));

    const reseeded = (await summaries.get('extra-help-to-the-most-affected', true))!;
    expect(reseeded.value).toEqual(stored.value);
    expect(reseeded.version).toBe(stored.version + 2);
  });

  it('refuses an unknown programme, and does nothing on stack deletion', async () => {
    await expect(invoke('seed', deployEvent('Create', { programme: 'no-such-programme' }))).rejects.toThrow(/Unknown programme/);
    expect(await invoke('seed', deployEvent('Delete', { programme: 'west-midlands-community-recovery' }))).toEqual({
      PhysicalResourceId: 'catalogue-west-midlands-community-recovery',
    });
  });

  it('loads another programme through the same format: the 2018 devolution action plan', async () => {
    await invoke('seed', deployEvent('Update', { programme: 'west-midlands-devolution-action-plan' }));
    const body = (await (await stack.request('GET', '/priorities')).json()) as {
      programme: { id: string };
      priorities: { id: string; sponsor: { lead?: string } }[];
    };
    expect(body.programme.id).toBe('west-midlands-devolution-action-plan');
    expect(body.priorities).toHaveLength(8);
    expect(body.priorities.every((priority) => priority.sponsor.lead)).toBe(true);
    const portfolio = (await (await stack.request('GET', '/portfolio')).json()) as { counts: Record<string, number> };
    expect(Object.values(portfolio.counts).reduce((a, b) => a + b, 0)).toBe(8);
  });
});
