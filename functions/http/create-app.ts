import { resolve } from 'node:path';
import { type Context, Hono } from 'hono';
import type { EngineDeps } from '../engine/deps';
import { roleCheck } from './access';
import { answerRoutes } from './answer-routes';
import { auditRoutes } from './audit-routes';
import { authenticate } from './auth';
import { bodyLimits } from './body';
import { calendarRoutes } from './calendar-routes';
import { campaignRoutes } from './campaign-routes';
import { type ConsoleAuthOptions, CsrfTokens } from './console-session';
import { consoleSessionRoutes } from './console-session-routes';
import { customerListRoutes } from './customer-list-routes';
import { customerRoutes } from './customer-routes';
import { dataRightsRoutes } from './data-rights-routes';
import { docsRoutes } from './docs-routes';
import { errorResponder } from './errors';
import { inboxRoutes, taskRoutes } from './inbox-routes';
import { apiOperations } from './openapi';
import { ruleRoutes } from './rule-routes';
import { segmentRoutes } from './segment-routes';
import { sequenceRoutes } from './sequence-routes';
import { serveConsoleAssets } from './static-assets';
import { statsRoutes } from './stats-routes';
import { suppressionRoutes } from './suppression-routes';
import { templateRoutes } from './template-routes';
import { unsubscribeRoutes } from './unsubscribe-routes';
import { userRoutes } from './user-routes';
import { webhookEndpointRoutes } from './webhook-endpoint-routes';
import { webhookRoutes } from './webhook-routes';

export interface AppOptions {
  /** SHA-256 hashes of the accepted API keys. */
  apiKeyHashes: readonly string[];
  /** Standard Webhooks secret, `whsec_<base64>`. */
  webhookSecret: string;
  /** Fresh ids for requests that bring no idempotency key. */
  newId: () => string;
  /** SHA-256 hashes of the console password; without one, the console signs in with an API key only. */
  consolePasswordHashes?: readonly string[];
  /** Where the built console and docs assets are (`console/`, `docs/`); default `<cwd>/dist`. */
  assetsDir?: string;
  /**
   * The caller's network address as the platform saw it (the socket locally, API Gateway's
   * `sourceIp` on AWS), which sign-in failures are counted against; never a header the caller wrote.
   */
  clientAddress?: (c: Context) => string | undefined;
}

/**
 * The one HTTP app: wrapped by `hono/aws-lambda` on AWS and served by
 * `@hono/node-server` locally; tests call `app.request()` directly.
 * @example const app = createApp(deps, { apiKeyHashes: [hashApiKey(key)], webhookSecret, newId: randomUUID });
 */
export function createApp(deps: EngineDeps, options: AppOptions): Hono {
  const app = new Hono();
  app.onError(errorResponder(deps.log));
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.use('*', bodyLimits);

  app.get('/health', (c) => c.json({ status: 'ok', time: deps.clock.now().toISOString() }));

  app.route('/', docsRoutes());

  // The webhook authenticates by signature, not by API key.
  app.route('/v1/webhooks', webhookRoutes(deps, options.webhookSecret));
  const consoleAuth: ConsoleAuthOptions = {
    keys: { apiKeyHashes: options.apiKeyHashes, consolePasswordHashes: options.consolePasswordHashes ?? [] },
    csrf: new CsrfTokens(deps.settings.signingKey),
    clientAddress: options.clientAddress ?? (() => undefined),
  };
  const auth = authenticate(deps, consoleAuth);
  const roles = roleCheck(apiOperations());
  app.use('/v1/*', async (c, next) => {
    if (c.req.path.startsWith('/v1/webhooks/')) return next();
    // Who it is, then whether their role may: both before any route reads or writes.
    const refused = await auth(c, async () => {
      await roles(c, next);
    });
    if (refused) return refused;
    // Customer files, replies and stats are personal data: no browser or proxy keeps a copy.
    c.header('cache-control', 'no-store');
  });
  // Routes read the rules synchronously: the live ones are brought up to date once per request.
  app.use('/v1/*', async (_c, next) => {
    await deps.content.refresh();
    return next();
  });
  app.route('/v1/customers', customerListRoutes(deps));
  app.route('/v1/customers', customerRoutes(deps, options.newId));
  app.route('/v1/customers', answerRoutes(deps, options.newId));
  app.route('/v1/customers', dataRightsRoutes(deps));
  app.route('/v1/templates', templateRoutes(deps));
  app.route('/v1/rules', ruleRoutes(deps));
  app.route('/v1/sequences', sequenceRoutes(deps));
  app.route('/v1/stats', statsRoutes(deps));
  app.route('/v1/inbox', inboxRoutes(deps));
  app.route('/v1/tasks', taskRoutes(deps));
  app.route('/v1/segments', segmentRoutes(deps, options.newId));
  app.route('/v1/campaigns', campaignRoutes(deps, options.newId));
  app.route('/v1/users', userRoutes(deps));
  app.route('/v1/audit', auditRoutes(deps));
  app.route('/v1/calendars', calendarRoutes(deps));
  app.route('/v1/webhook-endpoints', webhookEndpointRoutes(deps));
  app.route('/v1/suppressions', suppressionRoutes(deps));
  app.route('/u', unsubscribeRoutes(deps));
  app.route('/console/api', consoleSessionRoutes(deps, consoleAuth));
  serveConsoleAssets(app, options.assetsDir ?? resolve('dist'));
  return app;
}
