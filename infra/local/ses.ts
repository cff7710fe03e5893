/**
 * The local SES v2 endpoint (aws-ses-v2-local), in this process; sent mail shows on its web
 * page. Like a configuration set with an EventBridge destination, it publishes an event for
 * each email it accepts: a send and a delivery, or for SES's mailbox simulator addresses a
 * permanent bounce (bounce@simulator.amazonses.com) or a complaint (complaint@…).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import sesEmulator from 'aws-ses-v2-local';
import type { SesEventDetail } from '#shared/domain/delivery';
import { type EmailEventType, emailEventDetailTypes } from '#shared/function-definition';

type StartEmulator = typeof sesEmulator;

// The package is CommonJS with a `default` export: Node's ESM loader hands over the whole
// module object, while bundlers and vitest unwrap it.
const startEmulator: StartEmulator = typeof sesEmulator === 'function' ? sesEmulator : (sesEmulator as unknown as { default: StartEmulator }).default;

/** An SES event as EventBridge delivers it. */
export interface SesEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.ses';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: SesEventDetail;
}

export interface RunningSes {
  endpoint: string;
  stop(): Promise<void>;
}

/** SES's mailbox simulator addresses this emulator answers as SES would. */
const simulatorAddresses = { bounce: 'bounce@simulator.amazonses.com', complaint: 'complaint@simulator.amazonses.com' } as const;

interface SendRequest {
  Destination?: { ToAddresses?: string[] };
  EmailTags?: { Name: string; Value: string }[];
  ConfigurationSetName?: string;
}

export async function startSes(port: number, publish: (type: EmailEventType, event: SesEvent) => void = () => undefined): Promise<RunningSes> {
  const server: Server = await startEmulator({ host: '127.0.0.1', port });
  // Runs before the emulator's own handler: once it answers a send, the events are published.
  server.prependListener('request', (request: IncomingMessage & { body?: SendRequest }, response: ServerResponse) => {
    if (request.method !== 'POST' || !request.url?.startsWith('/v2/email/outbound-emails')) return;
    const end = response.end.bind(response);
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (response.statusCode === 200 && request.body && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
        const { MessageId } = JSON.parse(String(chunk)) as { MessageId?: string };
        if (MessageId) for (const [type, event] of eventsOf(request.body, MessageId)) publish(type, event);
      }
      return (end as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as ServerResponse['end'];
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    stop: () =>
      new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        server.closeAllConnections();
      }),
  };
}

/** The events SES would publish for an accepted send, in order. */
function eventsOf(request: SendRequest, messageId: string): [EmailEventType, SesEvent][] {
  const now = new Date().toISOString();
  const destination = request.Destination?.ToAddresses ?? [];
  const tags: Record<string, string[]> = Object.fromEntries((request.EmailTags ?? []).map((tag) => [tag.Name, [tag.Value]]));
  if (request.ConfigurationSetName) tags['ses:configuration-set'] = [request.ConfigurationSetName];
  const mail = { messageId, timestamp: now, destination, tags };
  const event = (type: EmailEventType, detail: Omit<SesEventDetail, 'mail'>): [EmailEventType, SesEvent] => [
    type,
    {
      version: '0',
      id: randomUUID(),
      'detail-type': emailEventDetailTypes[type],
      source: 'aws.ses',
      account: '000000000000',
      time: now,
      region: 'local',
      resources: [],
      detail: { ...detail, mail },
    },
  ];
  const bounced = destination.filter((to) => to.toLowerCase() === simulatorAddresses.bounce);
  const complained = destination.filter((to) => to.toLowerCase() === simulatorAddresses.complaint);
  return [
    event('SEND', { eventType: 'Send' }),
    ...(bounced.length < destination.length ? [event('DELIVERY', { eventType: 'Delivery' })] : []),
    ...(bounced.length > 0
      ? [
          event('BOUNCE', {
            eventType: 'Bounce',
            bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: now, bouncedRecipients: bounced.map((emailAddress) => ({ emailAddress })) },
          }),
        ]
      : []),
    ...(complained.length > 0
      ? [
          event('COMPLAINT', {
            eventType: 'Complaint',
            complaint: { timestamp: now, complaintFeedbackType: 'abuse', complainedRecipients: complained.map((emailAddress) => ({ emailAddress })) },
          }),
        ]
      : []),
  ];
}
