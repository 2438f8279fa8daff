import { serve } from '@hono/node-server';
import { LOCAL_DEFAULTS, parseLocalConfig } from '../wiring/config';
import { startLocalEngine } from '../wiring/local';

/** `npm start`: the engine, its embedded services and the API on one machine. */
async function main(): Promise<void> {
  // The local engine runs on the development machines' Node 20 on purpose; Lambda runs Node 22.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = parseLocalConfig(process.env);
  const engine = await startLocalEngine(config);
  const server = serve({ fetch: engine.app.fetch, port: config.PORT, hostname: '127.0.0.1' });
  const url = `http://localhost:${config.PORT}`;
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
      `  clock             ${clock}`,
      `  outbox            ${url}/_local/outbox`,
      `  SES mail viewer   ${engine.sesEndpoint}`,
      `  data              ${config.NURTURE_DATA_DIR}`,
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
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
