import * as z from 'zod';
import { assertNever } from '../../core/assert-never';
import type { DeliveryEvent, EventBase } from '../../core/delivery-events/delivery-event';
import { contentIdFor } from '../../core/ids';
import {
  CUSTOMER_TAG,
  customerIdFromTag,
  MESSAGE_HEADER,
  MESSAGE_TAG,
} from '../../core/sending/message-tags';
import { onFirstUse, parseOrThrow } from '../../core/validation';

// The SES event record as event publishing sends it to SNS (docs: "Contents of event
// data that Amazon SES publishes to Amazon SNS"). Loose objects: SES adds fields over time.
const text = z.lazy(() => z.string().min(1));
const mailSchema = z.lazy(() =>
  z.looseObject({
    timestamp: text,
    messageId: text,
    source: z.string().optional(),
    destination: z.array(z.string()).default([]),
    headersTruncated: z.boolean().optional(),
    headers: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
);
const recipientSchema = z.lazy(() =>
  z.looseObject({
    emailAddress: text,
    status: z.string().optional(),
    diagnosticCode: z.string().optional(),
  }),
);
/** Fields several schemas share: built with the first of them, once. */
const engagementSchema = onFirstUse(() => ({
  timestamp: text,
  ipAddress: z.string().optional(),
  userAgent: z.string().optional(),
}));

const sesEventSchema = z.lazy(() =>
  z.discriminatedUnion('eventType', [
    z.looseObject({ eventType: z.literal('Send'), mail: mailSchema }),
    z.looseObject({
      eventType: z.literal('Delivery'),
      mail: mailSchema,
      delivery: z.looseObject({
        timestamp: text,
        recipients: z.array(text),
        smtpResponse: z.string().optional(),
        processingTimeMillis: z.number().optional(),
      }),
    }),
    z.looseObject({
      eventType: z.literal('Bounce'),
      mail: mailSchema,
      bounce: z.looseObject({
        bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
        bounceSubType: z.string().default('Undetermined'),
        bouncedRecipients: z.array(recipientSchema).min(1),
        timestamp: text,
        feedbackId: text,
      }),
    }),
    z.looseObject({
      eventType: z.literal('Complaint'),
      mail: mailSchema,
      complaint: z.looseObject({
        complainedRecipients: z.array(z.looseObject({ emailAddress: text })).min(1),
        timestamp: text,
        feedbackId: text,
        complaintFeedbackType: z.string().optional(),
        complaintSubType: z.string().nullish(),
      }),
    }),
    z.looseObject({
      eventType: z.literal('Open'),
      mail: mailSchema,
      open: z.looseObject(engagementSchema()),
    }),
    z.looseObject({
      eventType: z.literal('Click'),
      mail: mailSchema,
      click: z.looseObject({ ...engagementSchema(), link: text }),
    }),
    z.looseObject({
      eventType: z.literal('Rendering Failure'),
      mail: mailSchema,
      failure: z.looseObject({ errorMessage: z.string(), templateName: z.string().optional() }),
    }),
    z.looseObject({
      eventType: z.literal('Reject'),
      mail: mailSchema,
      reject: z.looseObject({ reason: z.string() }),
    }),
    z.looseObject({
      eventType: z.literal('DeliveryDelay'),
      mail: mailSchema,
      deliveryDelay: z.looseObject({
        timestamp: text,
        delayType: z.string(),
        delayedRecipients: z.array(recipientSchema),
        expirationTime: z.string().optional(),
      }),
    }),
  ]),
);

type SesEvent = z.output<typeof sesEventSchema>;

/** An EventBridge event from SES: the SES event record is its `detail`. */
export interface SesBusEvent {
  id: string;
  source: string;
  detail: unknown;
}

/** The SNS notifications a stack deployed before the event bus delivered (topic -> function). */
export interface SesSnsEvent {
  Records: { Sns: { MessageId: string; Message: string } }[];
}

const MESSAGE_ID = /^[\w.:-]{1,128}$/;

/** Our id off the SES mail object: the message tag first, then the header when headers are included. */
function ourMessageId(mail: SesEvent['mail']): string | undefined {
  const tagged = mail.tags?.[MESSAGE_TAG]?.[0];
  const header = mail.headers?.find((h) => h.name.toLowerCase() === MESSAGE_HEADER.toLowerCase())?.value;
  const id = (tagged ?? header)?.trim();
  return id && MESSAGE_ID.test(id) ? id : undefined;
}

function toDomain(ses: SesEvent): DeliveryEvent {
  const { mail } = ses;
  const messageId = ourMessageId(mail);
  const tagged = mail.tags?.[CUSTOMER_TAG]?.[0];
  const customerId = messageId && tagged ? customerIdFromTag(tagged) : undefined;
  const base = (at: string, ...key: string[]): EventBase => ({
    id: contentIdFor(ses.eventType, mail.messageId, at, ...key),
    messageId,
    ...(customerId ? { customerId } : {}),
    providerMessageId: mail.messageId,
    at,
  });
  switch (ses.eventType) {
    case 'Send':
      return { ...base(mail.timestamp), type: 'send' };
    case 'Delivery':
      return {
        ...base(ses.delivery.timestamp, ...ses.delivery.recipients),
        type: 'delivery',
        recipients: ses.delivery.recipients,
        ...(ses.delivery.smtpResponse ? { smtpResponse: ses.delivery.smtpResponse } : {}),
      };
    case 'Bounce':
      return {
        ...base(ses.bounce.timestamp, ses.bounce.feedbackId),
        type: 'bounce',
        bounce: ses.bounce.bounceType === 'Permanent' ? 'hard' : 'soft',
        bounceType: ses.bounce.bounceType,
        bounceSubType: ses.bounce.bounceSubType,
        recipients: ses.bounce.bouncedRecipients.map((r) => ({
          address: r.emailAddress,
          ...(r.status ? { status: r.status } : {}),
          ...(r.diagnosticCode ? { diagnosticCode: r.diagnosticCode } : {}),
        })),
      };
    case 'Complaint':
      return {
        ...base(ses.complaint.timestamp, ses.complaint.feedbackId),
        type: 'complaint',
        recipients: ses.complaint.complainedRecipients.map((r) => r.emailAddress),
        ...(ses.complaint.complaintFeedbackType ? { feedbackType: ses.complaint.complaintFeedbackType } : {}),
      };
    case 'Open':
      return {
        ...base(ses.open.timestamp, ses.open.userAgent ?? ''),
        type: 'open',
        ...(ses.open.userAgent ? { userAgent: ses.open.userAgent } : {}),
      };
    case 'Click':
      return {
        ...base(ses.click.timestamp, ses.click.link),
        type: 'click',
        link: ses.click.link,
        ...(ses.click.userAgent ? { userAgent: ses.click.userAgent } : {}),
      };
    case 'Rendering Failure':
      return {
        ...base(mail.timestamp),
        type: 'rendering-failure',
        errorMessage: ses.failure.errorMessage,
        ...(ses.failure.templateName ? { templateName: ses.failure.templateName } : {}),
      };
    case 'Reject':
      return { ...base(mail.timestamp), type: 'reject', reason: ses.reject.reason };
    case 'DeliveryDelay':
      return {
        ...base(ses.deliveryDelay.timestamp, ses.deliveryDelay.delayType),
        type: 'delivery-delay',
        delayType: ses.deliveryDelay.delayType,
        recipients: ses.deliveryDelay.delayedRecipients.map((r) => r.emailAddress),
        ...(ses.deliveryDelay.expirationTime ? { expirationTime: ses.deliveryDelay.expirationTime } : {}),
      };
    default:
      return assertNever(ses);
  }
}

/**
 * Reads one SES event record (the JSON SES publishes to SNS, or a feedback
 * notification with `notificationType`) into a DeliveryEvent; a record that
 * is not one throws a ValidationError naming the field.
 * @example parseSesEvent(JSON.parse(record.Sns.Message)) // { type: 'bounce', bounce: 'hard', … }
 */
export function parseSesEvent(input: unknown): DeliveryEvent {
  // Identity feedback notifications name the type `notificationType`; the shapes are otherwise alike.
  const record =
    typeof input === 'object' && input !== null && !('eventType' in input) && 'notificationType' in input
      ? { ...input, eventType: (input as { notificationType: unknown }).notificationType }
      : input;
  return toDomain(parseOrThrow(sesEventSchema, record, 'SES event'));
}

/**
 * The SES record inside an SNS notification (`Type: Notification`, `Message`
 * the record as a JSON string), or the record itself when it is not wrapped.
 * @example parseSesEvent(unwrapSnsNotification(body))
 */
export function unwrapSnsNotification(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const { Type, Message } = input as { Type?: unknown; Message?: unknown };
  if (Type !== 'Notification' || typeof Message !== 'string') return input;
  try {
    return JSON.parse(Message) as unknown;
  } catch {
    return Message;
  }
}
