import { parseTwoWaySms } from '../core/replies/two-way-sms';
import { receiveSms } from '../engine/replies/inbound';
import { engineHandler } from '../wiring/aws-runtime';

/** Two-way SMS → SNS topic → this function: the customer's text, matched by number. */
export const handler = engineHandler(async (deps, event: { Records: { Sns: { Message: string } }[] }) => {
  for (const record of event.Records) {
    const sms = parseTwoWaySms(record.Sns.Message);
    const outcome = await receiveSms(deps, { from: sms.originationNumber, body: sms.messageBody });
    deps.log('inbound.sms', { status: outcome.status });
  }
});
