import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../../functions/core/customers/address';
import type { DeliveryEvent } from '../../../functions/core/delivery-events/delivery-event';
import { ValidationError } from '../../../functions/core/errors';
import { parseSesEvent, unwrapSnsNotification } from '../../../functions/ports/mailer/ses-events';
import { eventFixtureNames, FIXTURE_ADDRESS, FIXTURE_MESSAGE_ID, fixture } from './ses-fixtures';

const SES_ID = '0100018e2b7c4d1a-3f8e2c71-9a4b-4e6d-8c3f-1b2a3c4d5e6f-000000';
const ours = { messageId: FIXTURE_MESSAGE_ID, providerMessageId: SES_ID };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** What each fixture reads as, the id aside (checked separately). */
const expected: Record<string, WithoutId<DeliveryEvent>> = {
  send: { ...ours, type: 'send', at: '2027-02-06T02:00:00.412Z' },
  delivery: {
    ...ours,
    type: 'delivery',
    at: '2027-02-06T02:00:01.873Z',
    recipients: [FIXTURE_ADDRESS],
    smtpResponse: '250 2.0.0 OK  1801620001 d9443c01a7336-1f2e3a4b5c6d7si123456',
  },
  'bounce-permanent': {
    ...ours,
    type: 'bounce',
    at: '2027-02-06T02:00:02.236Z',
    bounce: 'hard',
    bounceType: 'Permanent',
    bounceSubType: 'General',
    recipients: [
      {
        address: FIXTURE_ADDRESS,
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 The email account that you tried to reach does not exist.',
      },
    ],
  },
  'bounce-transient': {
    ...ours,
    type: 'bounce',
    at: '2027-02-07T09:14:27.018Z',
    bounce: 'soft',
    bounceType: 'Transient',
    bounceSubType: 'MailboxFull',
    recipients: [
      {
        address: FIXTURE_ADDRESS,
        status: '5.2.2',
        diagnosticCode: 'smtp; 552 5.2.2 The email account that you tried to reach is over quota.',
      },
    ],
  },
  'bounce-undetermined': {
    ...ours,
    type: 'bounce',
    at: '2027-02-06T02:05:40.551Z',
    bounce: 'soft',
    bounceType: 'Undetermined',
    bounceSubType: 'Undetermined',
    recipients: [{ address: FIXTURE_ADDRESS }],
  },
  complaint: {
    ...ours,
    type: 'complaint',
    at: '2027-02-06T08:31:12.000Z',
    recipients: [FIXTURE_ADDRESS],
    feedbackType: 'abuse',
  },
  open: {
    ...ours,
    type: 'open',
    at: '2027-02-06T03:12:45.102Z',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  },
  click: {
    ...ours,
    type: 'click',
    at: '2027-02-06T03:13:09.877Z',
    link: 'https://shop.example/new-collection?utm_source=nurture',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  },
  'rendering-failure': {
    ...ours,
    type: 'rendering-failure',
    at: '2027-02-06T02:00:00.412Z',
    errorMessage: "Attribute 'customer.name' is not present in the rendering data.",
    templateName: 'hello-again',
  },
  reject: { ...ours, type: 'reject', at: '2027-02-06T02:00:00.412Z', reason: 'Bad content' },
  'delivery-delay': {
    ...ours,
    type: 'delivery-delay',
    at: '2027-02-06T02:30:14.240Z',
    delayType: 'TransientCommunicationFailure',
    recipients: [FIXTURE_ADDRESS],
    expirationTime: '2027-02-06T16:00:01.000Z',
  },
};

function parseError(input: unknown): ValidationError {
  try {
    parseSesEvent(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('SES event records', () => {
  it('has a fixture for every event type SES publishes that the engine reads', () => {
    expect(eventFixtureNames()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))('reads the %s fixture into the domain event', (name) => {
    const event = parseSesEvent(fixture(name));
    const { id, ...rest } = event;
    expect(rest).toEqual(expected[name]);
    expect(id).toMatch(/^[0-9a-f]{20}$/);
    // The same record read twice is the same event: a redelivery dedupes on it.
    expect(parseSesEvent(fixture(name)).id).toBe(id);
  });

  it('gives every fixture its own event id', () => {
    const ids = eventFixtureNames().map((name) => parseSesEvent(fixture(name)).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tells apart two opens of one message, and two bounces by their feedback ids', () => {
    const open = fixture<{ open: { timestamp: string } }>('open');
    const later = structuredClone(open);
    later.open.timestamp = '2027-02-07T10:00:00.000Z';
    expect(parseSesEvent(later).id).not.toBe(parseSesEvent(open).id);

    const bounce = fixture<{ bounce: { feedbackId: string } }>('bounce-transient');
    const another = structuredClone(bounce);
    another.bounce.feedbackId = '0100018e3f1a7b22-ffffffff-5a6f-4b8e-9c0d-1e2f3a4b5c6d-000000';
    expect(parseSesEvent(another).id).not.toBe(parseSesEvent(bounce).id);
  });

  it('finds our message id in the X-Nurture-Message-Id header when the tag is missing', () => {
    const event = fixture<{ mail: { tags: Record<string, string[]> } }>('bounce-permanent');
    delete event.mail.tags['nurture-message'];
    expect(parseSesEvent(event).messageId).toBe(FIXTURE_MESSAGE_ID);
  });

  it('leaves the message id undefined for an email that is not ours (no tag, no header)', () => {
    // The open fixture comes without headers, as from a destination that does not include them.
    const event = fixture<{ mail: { tags: Record<string, string[]> } }>('open');
    delete event.mail.tags['nurture-message'];
    expect(parseSesEvent(event).messageId).toBeUndefined();
    event.mail.tags['nurture-message'] = ['not an id!'];
    expect(parseSesEvent(event).messageId).toBeUndefined();
  });

  it('reads the customer from the nurture-customer tag, and only beside our message id', () => {
    const event = fixture<{ mail: { tags: Record<string, string[]> } }>('delivery');
    expect(parseSesEvent(event).customerId).toBeUndefined();
    event.mail.tags['nurture-customer'] = ['wang_dfang_ashop'];
    expect(parseSesEvent(event)).toMatchObject({
      messageId: FIXTURE_MESSAGE_ID,
      customerId: 'wang.fang@shop',
    });
    // A value this engine did not write is no customer: the event is matched by its message id alone.
    event.mail.tags['nurture-customer'] = ['bad_zescape'];
    expect(parseSesEvent(event).customerId).toBeUndefined();
    event.mail.tags['nurture-customer'] = ['c-wang'];
    delete event.mail.tags['nurture-message'];
    const foreign = fixture<{ mail: { headers?: unknown; tags: Record<string, string[]> } }>('open');
    delete foreign.mail.tags['nurture-message'];
    foreign.mail.tags['nurture-customer'] = ['c-wang'];
    expect(parseSesEvent(foreign)).toMatchObject({ messageId: undefined });
    expect(parseSesEvent(foreign).customerId).toBeUndefined();
  });

  it('reads an identity feedback notification (notificationType) like an event record', () => {
    const { eventType: _type, ...rest } = fixture('bounce-permanent');
    const event = parseSesEvent({ notificationType: 'Bounce', ...rest });
    expect(event).toMatchObject({ type: 'bounce', bounce: 'hard', messageId: FIXTURE_MESSAGE_ID });
  });

  it('unwraps the SES record from the SNS notification the Lambda receives', () => {
    const lambdaEvent = fixture<{ Records: { Sns: Record<string, unknown> }[] }>('sns-lambda-event');
    const sns = lambdaEvent.Records[0]!.Sns;
    expect(parseSesEvent(unwrapSnsNotification(sns))).toEqual(parseSesEvent(fixture('bounce-permanent')));
    // A bare record passes through.
    expect(unwrapSnsNotification(fixture('complaint'))).toEqual(fixture('complaint'));
  });

  it('rejects what is not an SES event record, naming the field', () => {
    const bounce = fixture<{ bounce: Record<string, unknown> }>('bounce-permanent');
    delete bounce.bounce.bouncedRecipients;
    expect(parseError(bounce).issues.map((i) => i.path)).toContain('bounce.bouncedRecipients');

    const wrongType = fixture<{ bounce: Record<string, unknown> }>('bounce-permanent');
    wrongType.bounce.bounceType = 'Sideways';
    expect(parseError(wrongType).issues.map((i) => i.path)).toContain('bounce.bounceType');

    expect(
      parseError({ ...fixture<Record<string, unknown>>('send'), eventType: 'Subscription' }).issues[0]!.path,
    ).toBe('eventType');
    expect(parseError({ eventType: 'Delivery' }).message).toMatch(/^invalid SES event: /);
    expect(parseError('not json').issues).not.toHaveLength(0);
  });
});

describe('addresses on the suppression list', () => {
  it.each([
    [' Wang.Fang@Example.COM ', 'wang.fang@example.com'],
    ['王芳 <Wang.Fang@Example.com>', 'wang.fang@example.com'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['+1 (201) 555-0123', '+12015550123'],
    ['+8613800138000', '+8613800138000'],
  ])('normalises %j to %j', (raw, normal) => {
    expect(normaliseAddress(raw)).toBe(normal);
  });
});
