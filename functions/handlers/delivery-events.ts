import { takeSesEvents } from '../engine/delivery-events/ses-intake';
import type { SesBusEvent, SesSnsEvent } from '../ports/mailer/ses-events';
import { engineHandler } from '../wiring/aws-runtime';

/** SES configuration set → the default event bus → this function: bounces, complaints, deliveries, opens, clicks. */
export const handler = engineHandler((deps, event: SesBusEvent | SesSnsEvent) => takeSesEvents(deps, event));
