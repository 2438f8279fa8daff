import type { AttemptResult } from '../../core/webhooks/retry';

export type { AttemptResult };

/** One signed delivery attempt: the event's JSON and its Standard Webhooks headers. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The integrator's receiver, over HTTP. Never throws for what the receiver
 * did: a status is an answer, a timeout or a refused connection an error.
 * @example const result = await receiver.post({ url, headers, body }); // { status: 204 }
 */
export interface WebhookReceiver {
  post(request: WebhookRequest): Promise<AttemptResult>;
}
