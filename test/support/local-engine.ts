import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signWebhook } from '../../functions/core/webhook-signature';
import type { Logger } from '../../functions/engine/log';
import type { OutboxEntry } from '../../functions/local/outbox';
import { LOCAL_DEFAULTS, parseLocalConfig } from '../../functions/wiring/config';
import { type LocalEngine, startLocalEngine } from '../../functions/wiring/local';

export const API_KEY = LOCAL_DEFAULTS.apiKey;
export interface WebhookOptions {
  id?: string;
  timestamp?: number;
  secret?: string;
}

export const WEBHOOK_SECRET = LOCAL_DEFAULTS.webhookSecret;
export const TEMPLATES_DIR = resolve(import.meta.dirname, '../../templates');

export interface TestEngine extends LocalEngine {
  dataDir: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** `call` that answers the parsed JSON body (undefined when empty) and throws on any status but 2xx. */
  callOk<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  sent(customerId?: string): Promise<OutboxEntry[]>;
  advance(duration: string): Promise<void>;
  webhook(body: unknown, options?: WebhookOptions): Promise<Response>;
  /** Stops the engine and removes its data. */
  dispose(): Promise<void>;
}

/**
 * The local engine as `npm start` builds it (dynalite, the local SES server,
 * the outbox, the alarm loop) on a simulated clock, for end-to-end tests.
 */
export async function startTestEngine(
  options: { dataDir?: string; start?: string; inMemory?: boolean; log?: Logger } = {},
): Promise<TestEngine> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'nurture-test-'));
  const engine = await startLocalEngine(
    parseLocalConfig({
      NURTURE_CLOCK: 'simulated',
      NURTURE_CLOCK_START: options.start ?? '2027-02-06T02:00:00Z',
      NURTURE_DATA_DIR: dataDir,
      NURTURE_TEMPLATES_DIR: TEMPLATES_DIR,
      NURTURE_SES_PORT: '0',
    }),
    {
      inMemory: options.inMemory ?? options.dataDir === undefined,
      tick: false,
      log: options.log ?? (() => {}),
    },
  );
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(
      engine.app.request(path, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
  return {
    ...engine,
    dataDir,
    call,
    async callOk<T>(method: string, path: string, body?: unknown) {
      const response = await call(method, path, body);
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
      const response = await call(method, path, body, headers);
      return { status: response.status, body: (await response.json()) as T };
    },
    async sent(customerId?: string) {
      const response = await call(
        'GET',
        `/_local/outbox${customerId ? `?customerId=${encodeURIComponent(customerId)}` : ''}`,
      );
      return ((await response.json()) as { messages: OutboxEntry[] }).messages;
    },
    async advance(duration: string) {
      const response = await call('POST', '/_local/clock', { advance: duration });
      if (response.status !== 200) throw new Error(`clock advance failed: ${await response.text()}`);
    },
    webhook: (body, options) => postDealWebhook(engine, body, options),
    async dispose() {
      await engine.stop();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Posts `body` to the engine's deal webhook, signed as the backend signs it
 * (Standard Webhooks), timestamped by the engine's clock unless told otherwise.
 */
export async function postDealWebhook(
  engine: Pick<LocalEngine, 'app' | 'clock'>,
  body: unknown,
  {
    id = `msg_${Math.random().toString(36).slice(2)}`,
    timestamp,
    secret = WEBHOOK_SECRET,
  }: WebhookOptions = {},
): Promise<Response> {
  const text = JSON.stringify(body);
  const ts = timestamp ?? Math.floor(engine.clock.now().getTime() / 1000);
  return engine.app.request('/v1/webhooks/deals', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': signWebhook(secret, id, ts, text),
    },
    body: text,
  });
}
