import { handle } from 'hono/aws-lambda';
import { createApp } from '../http/create-app';
import { awsAppOptions, createAwsDeps } from '../wiring/aws';
import { parseAwsConfig } from '../wiring/config';

const config = parseAwsConfig(process.env);

/** The HTTP API behind API Gateway: the same Hono app the local server runs. */
export const handler = handle(createApp(createAwsDeps(config), awsAppOptions(config)));
