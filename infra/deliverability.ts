import { Duration, type Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { createDeadLetterQueue } from './dead-letters';
import type { EngineFunctions } from './engine-functions';
import type { NurtureFunction } from './nurture-function';
import { domainOf } from './stack-props';

/**
 * The SES events the `delivery-events` function maps to suppressions and the
 * timeline. Not `Send`: the engine records its own sends, and each event is a
 * publish and an invocation paid for every email.
 */
export const DELIVERY_EVENT_TYPES = [
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.OPEN,
  ses.EmailSendingEvent.CLICK,
  ses.EmailSendingEvent.RENDERING_FAILURE,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
] as const;

export interface DeliverabilityProps {
  /** The From header of every email: its domain is the sending identity. */
  readonly sendingAddress: string;
  readonly inboundDomain: string;
}

/** What `deliverEventsTo` makes: the function, its dead-letter queue and the rule that invokes it. */
export interface DeliveryEventsPath {
  readonly function: NurtureFunction;
  readonly deadLetters: sqs.Queue;
  readonly rule: events.Rule;
}

/**
 * The sending side of SES: the configuration set every email names (so SES
 * reports its fate), the sending domain signed with Easy DKIM (2048-bit), the
 * inbound domain's identity where it needs its own, and (`deliverEventsTo`)
 * the path from the set's events to `delivery-events`.
 *
 * Its resources belong to the stack itself (construct ids `Deliverability`,
 * `SendingIdentity`, `InboundIdentity`, `DeliveryEvents`...), so their
 * logical ids are those of the stack as first deployed.
 *
 * @example const sending = new Deliverability(this, props); ...; sending.deliverEventsTo(functions);
 */
export class Deliverability {
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetName: string;
  readonly sendingIdentity: ses.EmailIdentity;
  /** The domain of the sending address, lower-cased. */
  readonly sendingDomain: string;

  constructor(
    private readonly stack: Stack,
    props: DeliverabilityProps,
  ) {
    this.configurationSet = new ses.ConfigurationSet(stack, 'Deliverability', { reputationMetrics: true });
    this.configurationSetName = this.configurationSet.configurationSetName;

    // The DKIM CNAMEs are outputs to publish; SES verifies the domain once they resolve.
    // The inbound domain needs its own identity only when it is not the sending domain or under it.
    this.sendingDomain = domainOf(props.sendingAddress);
    this.sendingIdentity = new ses.EmailIdentity(stack, 'SendingIdentity', {
      identity: ses.Identity.domain(this.sendingDomain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });
    const inboundDomain = props.inboundDomain.toLowerCase();
    if (inboundDomain !== this.sendingDomain && !inboundDomain.endsWith(`.${this.sendingDomain}`)) {
      new ses.EmailIdentity(stack, 'InboundIdentity', { identity: ses.Identity.domain(inboundDomain) });
    }
  }

  /**
   * Every event of the configuration set -> the account's default event bus
   * -> `delivery-events` (suppressions, timeline). AWS services' events on the
   * default bus, and a rule invoking a function, cost nothing: SNS would
   * charge a publish per email event.
   */
  deliverEventsTo(functions: EngineFunctions): DeliveryEventsPath {
    const stack = this.stack;
    this.configurationSet.addEventDestination('ToDeliveryEvents', {
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(stack, 'DefaultBus', 'default'),
      ),
      events: [...DELIVERY_EVENT_TYPES],
    });
    const deadLetters = createDeadLetterQueue(stack, 'DeliveryEventsDeadLetters');
    const fn = functions.add('DeliveryEvents', {
      entry: 'functions/handlers/delivery-events.ts',
      description: 'Maps SES delivery events to suppressions and the timeline',
      deadLetterQueue: deadLetters,
    });
    const rule = new events.Rule(stack, 'DeliveryEventsRule', {
      description: "This stack's SES configuration set events, to delivery-events",
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSetName] } } },
      },
      targets: [
        new eventTargets.LambdaFunction(fn.function, {
          // Retried for a day, then kept with its reason in the dead-letter queue.
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: deadLetters,
        }),
      ],
    });
    return { function: fn, deadLetters, rule };
  }
}
