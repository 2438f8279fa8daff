import type { AttemptResult, WebhookReceiver, WebhookRequest } from './index';

/** A receiver has this long to answer: Svix's limit, and well inside the Lambda's timeout. */
export const RECEIVER_TIMEOUT_MS = 15_000;

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const message = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not reach the receiver: ${message}`.slice(0, 300);
}

/**
 * WebhookReceiver on Node's fetch: a POST of the JSON body, redirects not
 * followed (a 3xx is a failed attempt: the URL is the integrator's to fix),
 * the answer's body discarded unread.
 */
export class FetchWebhookReceiver implements WebhookReceiver {
  constructor(private readonly options: { timeoutMs?: number; userAgent?: string } = {}) {}

  async post(request: WebhookRequest): Promise<AttemptResult> {
    const timeoutMs = this.options.timeoutMs ?? RECEIVER_TIMEOUT_MS;
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': this.options.userAgent ?? 'nurture-webhooks/1',
          ...request.headers,
        },
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => {});
      return { status: response.status };
    } catch (error) {
      return { error: describe(error, timeoutMs) };
    }
  }
}
