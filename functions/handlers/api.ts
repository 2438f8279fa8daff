import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../http/create-app';
import { awsAppOptions } from '../wiring/aws';
import { awsRuntime, cachedUntilFailure, engineHandler } from '../wiring/aws-runtime';

/** The Hono app, built once this container's secrets (API key hashes, webhook secret) are in. */
const serve = cachedUntilFailure(async () => {
  const { deps, secrets } = await awsRuntime();
  return handle(createApp(deps, awsAppOptions(secrets)));
});

/** The HTTP API behind API Gateway: the same Hono app the local server runs. */
export const handler = engineHandler(async (_deps, event: LambdaEvent, context?: LambdaContext) =>
  (await serve())(event, context),
);
