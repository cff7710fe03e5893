/**
 * Email for the functions that the function list marks `sendsEmail`: the sender's SES
 * identity and a configuration set (reputation metrics, bounces and complaints suppressed,
 * its events published to EventBridge's default bus, and queued for the function that records
 * them in batches), and
 * permission to send as that sender through that set only. The identity is the sender's
 * address, or, with `emailDomain`, the whole domain with Easy DKIM and a custom MAIL FROM
 * domain, whose DNS records the operator publishes (docs/operations.md).
 */
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue as QueueTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  ConfigurationSet,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  MailFromBehaviorOnMxFailure,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type EmailEventSettings, emailEventDetailTypes } from '#shared/function-definition';
import type { DeploymentConfig } from '../config.ts';

export interface EmailSendingProps {
  config: Pick<DeploymentConfig, 'senderAddress' | 'emailDomain'>;
}

export class EmailSending extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  /** The MAIL FROM domain, with `emailDomain`; undefined for an address identity. */
  readonly mailFromDomain: string | undefined;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EmailSendingProps,
  ) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const { emailDomain } = props.config;
    if (emailDomain) {
      // SES verifies the domain once the three DKIM CNAMEs are published, and the MAIL FROM
      // domain once its MX and SPF records are; until then it sends from amazonses.com.
      this.mailFromDomain = `${emailDomain.mailFromSubdomain}.${emailDomain.domain}`;
      this.identity = new EmailIdentity(this, 'DomainIdentity', {
        identity: Identity.domain(emailDomain.domain),
        dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
        dkimSigning: true,
        mailFromDomain: this.mailFromDomain,
        mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
        configurationSet: this.configurationSet,
      });
    } else {
      // Deploying sends SES's verification email to this address; sending starts once it is confirmed.
      this.mailFromDomain = undefined;
      this.identity = new EmailIdentity(this, 'SenderIdentity', {
        identity: Identity.email(props.config.senderAddress),
        configurationSet: this.configurationSet,
      });
    }
  }

  /**
   * Publishes the configuration set's events of these types to the default bus (the only bus
   * SES publishes to), and a rule puts those of this set on a queue, from which Lambda invokes
   * `fn` with batches of them. EventBridge retries a failed put for up to a day; the queue
   * gives an event that failed back after the visibility timeout, then moves it to
   * `deadLetterQueue`. Returns the queue.
   */
  consumeEvents(
    fn: IFunction,
    settings: EmailEventSettings,
    options: { deadLetterQueue: IQueue; functionTimeout: Duration; removalPolicy: RemovalPolicy },
  ): Queue {
    const { types } = settings;
    const bus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('EventBridge', {
      destination: EventDestination.eventBus(bus),
      events: types.map((type) => EmailSendingEvent[type]),
    });
    const queue = new Queue(this, 'EventQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Six times the function's timeout, as Lambda advises, so an event is not given out again while a batch holding it runs.
      visibilityTimeout: Duration.seconds(6 * options.functionTimeout.toSeconds()),
      deadLetterQueue: { queue: options.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
      removalPolicy: options.removalPolicy,
    });
    new Rule(this, 'EventsRule', {
      description: 'SES events of the configuration set, queued for the function that records them',
      eventBus: bus,
      eventPattern: {
        source: ['aws.ses'],
        detailType: types.map((type) => emailEventDetailTypes[type]),
        // SES tags every message with its configuration set: another set's events in the account are not ours.
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new QueueTarget(queue, { deadLetterQueue: options.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
    fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: settings.batchSize,
        maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    return queue;
  }

  grantSending(fn: LambdaFunction): PolicyStatement {
    const { config } = this.props;
    const stack = Stack.of(this);
    // In the SES sandbox every recipient is an identity that IAM checks too, so the identity
    // resource is any identity of this account and region; the From address is pinned by the
    // condition, and the configuration set is this one only.
    const statement = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
    });
    fn.addToRolePolicy(statement);
    return statement;
  }
}
