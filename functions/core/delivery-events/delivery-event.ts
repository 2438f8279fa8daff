/**
 * What a mail provider reports about a sent message (delivered, bounced,
 * complained, opened…), in the engine's words. The provider's own wire format
 * is read beside its adapter (ports/mailer/ses-events.ts).
 */

export interface BouncedRecipient {
  address: string;
  status?: string;
  diagnosticCode?: string;
}

export interface EventBase {
  /** Stable per provider event: the feedback id of a bounce or complaint, else derived from its content. */
  id: string;
  /** Our message id from the `nurture-message` tag or the header; undefined when the email is not ours. */
  messageId: string | undefined;
  /** The customer the message is filed under, from the `nurture-customer` tag, when the email carries it. */
  customerId?: string;
  /** SES's own message id. */
  providerMessageId: string;
  /** When it happened, as SES reports it. */
  at: string;
}

/** A delivery event in the engine's words, whatever the provider called it. */
export type DeliveryEvent = EventBase &
  (
    | { type: 'send' }
    | { type: 'delivery'; recipients: string[]; smtpResponse?: string }
    | {
        type: 'bounce';
        /** Permanent is hard; Transient and Undetermined count as soft. */
        bounce: 'hard' | 'soft';
        bounceType: string;
        bounceSubType: string;
        recipients: BouncedRecipient[];
      }
    | { type: 'complaint'; recipients: string[]; feedbackType?: string }
    | { type: 'open'; userAgent?: string }
    | { type: 'click'; link: string; userAgent?: string }
    | { type: 'rendering-failure'; errorMessage: string; templateName?: string }
    | { type: 'reject'; reason: string }
    | { type: 'delivery-delay'; delayType: string; recipients: string[]; expirationTime?: string }
  );

export type DeliveryEventType = DeliveryEvent['type'];
