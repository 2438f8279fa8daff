import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_TAG, customerTagValue } from '../../../functions/core/sending/message-tags';

export const FIXTURES_DIR = join(import.meta.dirname, '../../fixtures/ses');
/** The message id and recipient every fixture is about; `sesEvent` swaps them for a test's own. */
export const FIXTURE_MESSAGE_ID = '5f1c2a9e8d7b6c4a3e21';
export const FIXTURE_ADDRESS = 'wang.fang@example.com';

/** The SES event record fixtures (the Lambda's SNS event aside). */
export function eventFixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.json') && name !== 'sns-lambda-event.json')
    .map((name) => name.replace(/\.json$/, ''))
    .sort();
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8')) as T;
}

type Json = Record<string, unknown>;

/**
 * A fixture about `messageId` sent to `to`, optionally with its event object's
 * `timestamp` and `feedbackId` changed (a second, distinct bounce), and with
 * the customer tag the send path sets (`customerId`).
 */
export function sesEvent(
  name: string,
  options: { messageId: string; to?: string; timestamp?: string; feedbackId?: string; customerId?: string },
): Json {
  const text = JSON.stringify(fixture(name))
    .replaceAll(FIXTURE_MESSAGE_ID, options.messageId)
    .replaceAll(FIXTURE_ADDRESS, options.to ?? FIXTURE_ADDRESS);
  const event = JSON.parse(text) as Json;
  const detailKey = Object.keys(event).find((key) => key !== 'eventType' && key !== 'mail');
  const detail = detailKey ? (event[detailKey] as Json) : undefined;
  if (detail && options.timestamp) detail.timestamp = options.timestamp;
  if (detail && options.feedbackId) detail.feedbackId = options.feedbackId;
  if (options.customerId) {
    (event.mail as { tags: Record<string, string[]> }).tags[CUSTOMER_TAG] = [
      customerTagValue(options.customerId),
    ];
  }
  return event;
}
