import { Hono } from 'hono';
import { recordDeliveryEvent } from '../engine/delivery-events/record-delivery-event';
import type { EngineDeps } from '../engine/deps';
import { jsonBody } from '../http/body';
import { parseSesEvent, unwrapSnsNotification } from '../ports/mailer/ses-events';

/**
 * `/_local/events`: stands in for SES event publishing → the event bus → the
 * `delivery-events` Lambda. `POST /ses` takes one SES event record as SES
 * publishes it (or the SNS notification wrapping it) and records it as the
 * Lambda would.
 * @example curl -X POST $API/_local/events/ses -d @test/fixtures/ses/bounce-permanent.json
 */
export function deliveryHarness(deps: EngineDeps): Hono {
  const app = new Hono();
  app.post('/ses', async (c) => {
    const event = parseSesEvent(unwrapSnsNotification(await jsonBody(c)));
    return c.json(await recordDeliveryEvent(deps, event));
  });
  return app;
}
