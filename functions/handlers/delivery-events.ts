import { parseSesEvent } from '../core/delivery-events';
import { ValidationError } from '../core/errors';
import { recordDeliveryEvent } from '../engine/delivery';
import { engineHandler } from '../wiring/aws-runtime';

/** SES configuration set → SNS topic → this function: bounces, complaints, deliveries, opens, clicks. */
export const handler = engineHandler(
  async (deps, event: { Records: { Sns: { MessageId: string; Message: string } }[] }) => {
    for (const { Sns } of event.Records) {
      let parsed: ReturnType<typeof parseSesEvent>;
      try {
        parsed = parseSesEvent(JSON.parse(Sns.Message));
      } catch (error) {
        // Not an SES event record: retrying cannot help, so it is logged and dropped.
        if (!(error instanceof ValidationError || error instanceof SyntaxError)) throw error;
        deps.log('delivery.unreadable', { snsMessageId: Sns.MessageId, error: error.message });
        continue;
      }
      const outcome = await recordDeliveryEvent(deps, parsed);
      deps.log('delivery.received', {
        snsMessageId: Sns.MessageId,
        type: parsed.type,
        status: outcome.status,
      });
    }
  },
);
