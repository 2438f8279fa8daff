import { signWebhook } from '../core/webhook-signature';

/** An answer the API gave that a retry will not change (a 4xx other than 429). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  url: string;
  apiKey?: string | undefined;
  webhookSecret?: string | undefined;
  fetch?: typeof fetch;
  /** Attempts after the first on 429, 5xx and network errors. */
  retries?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each retry, so the user sees why the import pauses. */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The engine's HTTP API as the import CLI uses it: JSON in and out, retried with backoff. */
export class ApiClient {
  private readonly fetch: typeof fetch;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private clockOffsetMs = 0;

  constructor(private readonly options: ApiClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.retries = options.retries ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.sleep = options.sleep ?? wait;
  }

  /**
   * Signs webhooks on the engine's clock rather than this machine's: the
   * signature window is five minutes, and a local engine may run on a
   * simulated clock. Reads `GET /health`; without an answer, the local clock.
   */
  async syncClock(): Promise<void> {
    try {
      const response = await this.fetch(`${this.options.url}/health`);
      const time = Date.parse(String(parseBody(await response.text()).time));
      if (response.ok && Number.isFinite(time)) this.clockOffsetMs = time - Date.now();
    } catch {
      this.clockOffsetMs = 0;
    }
  }

  /**
   * `POST /v1/customers/batch`: 200 or 207 with a result per customer; `onConflict`
   * and `dryRun` go with them when given.
   */
  postCustomers(
    customers: readonly Record<string, unknown>[],
    options: { onConflict?: 'update' | 'report'; dryRun?: boolean } = {},
  ): Promise<ApiAnswer> {
    if (!this.options.apiKey) throw new ApiError('no API key: pass --api-key or set NURTURE_API_KEY', 0);
    const auth = { authorization: `Bearer ${this.options.apiKey}` };
    const body = JSON.stringify({ customers, ...options });
    return this.send('/v1/customers/batch', () => ({ headers: auth, body }));
  }

  /** `POST /v1/webhooks/deals`, signed afresh on each attempt so a long backoff never goes stale. */
  postDeal(webhookId: string, deal: Record<string, unknown>): Promise<ApiAnswer> {
    const secret = this.options.webhookSecret;
    if (!secret)
      throw new ApiError('no webhook secret: pass --webhook-secret or set NURTURE_WEBHOOK_SECRET', 0);
    const body = JSON.stringify(deal);
    return this.send('/v1/webhooks/deals', () => {
      const timestamp = Math.floor((Date.now() + this.clockOffsetMs) / 1000);
      return {
        body,
        headers: {
          'webhook-id': webhookId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, webhookId, timestamp, body),
        },
      };
    });
  }

  private async send(
    path: string,
    request: () => { headers: Record<string, string>; body: string },
  ): Promise<ApiAnswer> {
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      let retryAfterMs: number | undefined;
      try {
        const { headers, body } = request();
        const response = await this.fetch(`${this.options.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
        const text = await response.text();
        const parsed = parseBody(text);
        if (response.status < 400) return { status: response.status, body: parsed };
        const message = typeof parsed.error === 'string' ? parsed.error : text.slice(0, 200);
        if (response.status !== 429 && response.status < 500) {
          throw new ApiError(`${path}: ${response.status} ${message}`, response.status);
        }
        reason = `${response.status} ${message}`;
        const after = Number(response.headers.get('retry-after'));
        if (Number.isFinite(after) && after > 0) retryAfterMs = after * 1000;
      } catch (error) {
        if (error instanceof ApiError) throw error;
        reason = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= this.retries)
        throw new Error(`${path}: gave up after ${attempt + 1} attempts: ${reason}`);
      // Exponential backoff with full jitter, so many importers do not retry in step.
      const delay = retryAfterMs ?? Math.round(Math.random() * this.baseDelayMs * 2 ** attempt);
      this.options.onRetry?.(attempt + 1, reason, delay);
      await this.sleep(delay);
    }
  }
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
