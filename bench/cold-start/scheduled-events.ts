/**
 * The cold-start bench's events for the functions no request or stream starts: the scheduler's
 * (digest, reconcile), a quarter's pack on schedule, a deployment's custom resource (seed) and
 * SES's events through EventBridge and SQS (email-events).
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse } from 'aws-lambda';
import { defaultStage, loadStage } from '../../infra/config.ts';
import { sqsBatchOf } from '../../infra/local/event-bus.ts';
import { projectName } from '../../infra/naming.ts';
import { type AddEvents, region } from './event-context.ts';

/** Adds digest's, board-pack-on-schedule's and reconcile's events, in that order. */
export function addScheduledEvents(add: AddEvents): void {
  // A new schedule time each time, so every digest is a new run that sends.
  let minute = 0;
  const scheduledAt = () => new Date(Date.UTC(2030, 0, 7, 8, minute++)).toISOString();
  add(
    'digest',
    'the scheduler’s event (a new run: digests and reminders to everyone in the table)',
    (result) =>
      ((result as { digests?: { sent?: number } } | undefined)?.digests?.sent ?? 0) > 0
        ? undefined
        : `sent no digests: ${JSON.stringify(result)?.slice(0, 200)}`,
    () => ({ scheduledTime: scheduledAt() }),
  );
  add(
    'board-pack-on-schedule',
    'an event naming a quarter (made by the first, returned as stored by the rest)',
    (result) => ((result as { quarter?: string } | undefined)?.quarter === '2021-Q2' ? undefined : `made no pack: ${JSON.stringify(result)?.slice(0, 200)}`),
    () => ({ quarter: '2021-Q2' }),
  );
  add(
    'reconcile',
    'the scheduler’s event (one short Query per priority)',
    () => undefined,
    () => ({ scheduledTime: new Date().toISOString() }),
  );
}

/** Adds seed's event: the custom resource event of a deployment (the catalogue is loaded again). */
export function addDeploymentEvent(add: AddEvents): void {
  const stage = loadStage(defaultStage).config;
  add(
    'seed',
    'the CloudFormation custom resource Update event of a deployment',
    () => undefined,
    () => {
      const properties = {
        ServiceToken: `arn:aws:lambda:${region}:000000000000:function:provider`,
        programme: stage.programme,
        boardRecipients: stage.boardRecipients,
        catalogueVersion: randomUUID(),
      };
      return {
        RequestType: 'Update',
        ServiceToken: properties.ServiceToken,
        ResponseURL: 'https://cloudformation-custom-resource-response.example/',
        StackId: `arn:aws:cloudformation:${region}:000000000000:stack/${projectName}/${randomUUID()}`,
        RequestId: randomUUID(),
        LogicalResourceId: 'SeedOnDeploy',
        PhysicalResourceId: `catalogue-${stage.programme}`,
        ResourceType: 'Custom::CatalogueSeed',
        ResourceProperties: properties,
        OldResourceProperties: { ...properties, catalogueVersion: randomUUID() },
      };
    },
  );
}

/** Adds email-events' event: SES's bounce of a message, as the SQS event source delivers it (the address is marked failing). */
export function addEmailEvent(add: AddEvents): void {
  add(
    'email-events',
    'a batch of one SES Bounce event from its SQS queue (a permanent bounce: the address is marked failing)',
    (result) => {
      const failures = (result as SQSBatchResponse | undefined)?.batchItemFailures;
      return failures?.length === 0 ? undefined : `the event failed: ${JSON.stringify(result)?.slice(0, 200)}`;
    },
    () => {
      const at = new Date().toISOString();
      const address = 'bench.bounce@example.org';
      return sqsBatchOf([
        {
          version: '0',
          id: randomUUID(),
          'detail-type': 'Email Bounced',
          source: 'aws.ses',
          account: '000000000000',
          time: at,
          region,
          resources: [],
          detail: {
            eventType: 'Bounce',
            mail: { messageId: randomUUID(), timestamp: at, destination: [address] },
            bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: at, bouncedRecipients: [{ emailAddress: address }] },
          },
        },
      ]);
    },
  );
}
