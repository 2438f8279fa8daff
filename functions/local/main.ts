import { serve } from '@hono/node-server';
import { assertNever } from '../core/assert-never';
import type { FirstAdminOutcome } from '../engine/team/first-admin';
import { LOCAL_DEFAULTS, parseLocalConfig } from '../wiring/config';
import { startLocalEngine } from '../wiring/local';
import { choosePort, lockDataDir } from './startup-guard';

/** `npm start`: the engine, its embedded services and the API on one machine. */
async function main(): Promise<void> {
  // The local engine runs on the development machines' Node 20 on purpose; Lambda runs Node 22.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const asked = parseLocalConfig(process.env);
  // Checked before anything opens: a second engine stops here, naming what is busy.
  const lock = lockDataDir(asked.NURTURE_DATA_DIR);
  process.once('exit', () => lock.release());
  const api = await choosePort({
    port: asked.PORT,
    env: 'PORT',
    what: 'the API',
    explicit: 'PORT' in process.env,
  });
  const ses = await choosePort({
    port: asked.NURTURE_SES_PORT,
    env: 'NURTURE_SES_PORT',
    what: 'the SES mail viewer',
    explicit: 'NURTURE_SES_PORT' in process.env,
  });
  const config = { ...asked, PORT: api.port, NURTURE_SES_PORT: ses.port };
  const engine = await startLocalEngine(config);
  const server = serve({ fetch: engine.app.fetch, port: config.PORT, hostname: '127.0.0.1' });
  await new Promise<void>((done, fail) => {
    server.once('listening', done);
    server.once('error', fail);
  });
  const url = `http://localhost:${config.PORT}`;
  lock.announce(url);
  const moved = [api, ses].flatMap((choice, i) =>
    choice.movedFrom
      ? [
          `  note              port ${choice.movedFrom} was busy: ${i === 0 ? 'the API' : 'the mail viewer'} took ${choice.port}`,
        ]
      : [],
  );
  const clock =
    config.NURTURE_CLOCK === 'simulated' ? `simulated, now ${engine.clock.now().toISOString()}` : 'system';
  process.stdout.write(
    [
      '',
      `  nurture engine    ${url}`,
      `  API key           ${config.NURTURE_API_KEY}`,
      `  webhook secret    ${config.NURTURE_WEBHOOK_SECRET}`,
      `  console           ${url}/console`,
      `  console password  ${consolePasswordLine(config)}`,
      ...firstAdminLines(config.NURTURE_ADMIN_EMAIL, engine.firstAdmin),
      `  clock             ${clock}`,
      `  outbox            ${url}/_local/outbox`,
      `  SES mail viewer   ${engine.sesEndpoint}`,
      `  data              ${config.NURTURE_DATA_DIR}`,
      ...moved,
      // Since this process began (the console build before it is `npm start`'s own step).
      `  ready in          ${process.uptime().toFixed(1)} s`,
      '',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('stopping…\n');
    await new Promise<void>((done) => server.close(() => done()));
    await engine.stop();
    lock.release();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The first admin's setup link, printed once per start until they choose a password. */
function firstAdminLines(email: string | undefined, outcome: FirstAdminOutcome | undefined): string[] {
  if (!email || !outcome) return [];
  switch (outcome.status) {
    case 'created':
    case 'link-renewed':
      return [
        `  first admin       ${email}: choose a password at (one use, 7 days)`,
        `                    ${outcome.setupLink}`,
      ];
    case 'in-place':
      return [`  first admin       ${email}: the team is set up (no link needed)`];
    default:
      return assertNever(outcome);
  }
}

function consolePasswordLine(config: ReturnType<typeof parseLocalConfig>): string {
  if (config.NURTURE_CONSOLE_PASSWORD) return '(NURTURE_CONSOLE_PASSWORD)';
  if (config.NURTURE_CONSOLE_PASSWORD_HASH) return '(the one NURTURE_CONSOLE_PASSWORD_HASH digests)';
  return LOCAL_DEFAULTS.consolePassword;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
