import * as z from 'zod';
import { parseOrThrow } from '../validation';

/**
 * The payload AWS End User Messaging (two-way SMS) publishes to its SNS topic
 * when a customer texts back.
 * @example { "originationNumber": "+8613800138000", "destinationNumber": "+12065550100", "messageKeyword": "KEYWORD_…", "messageBody": "收到", "inboundMessageId": "…", "previousPublishedMessageId": "…" }
 */
const twoWaySmsSchema = z.lazy(() =>
  z.object({
    originationNumber: z.string().min(3),
    destinationNumber: z.string().min(3),
    messageKeyword: z.string().optional(),
    messageBody: z.string(),
    inboundMessageId: z.string().optional(),
    previousPublishedMessageId: z.string().optional(),
  }),
);

export type TwoWaySms = z.output<typeof twoWaySmsSchema>;

/** Reads the SNS message text of an inbound SMS. */
export function parseTwoWaySms(message: string): TwoWaySms {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    throw new Error('inbound SMS notification is not JSON');
  }
  return parseOrThrow(twoWaySmsSchema, json, 'inbound SMS');
}
