import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Node } from 'constructs';
import { NurtureStack } from './nurture-stack';

/**
 * Placeholders that let `cdk synth` run with no context at all; a real deploy
 * passes its own, e.g. `cdk deploy -c sendingAddress='Acme <hi@acme.com>' -c inboundDomain=reply.acme.com`.
 */
const CONTEXT_DEFAULTS = {
  sendingAddress: 'Nurture <hello@example.com>',
  inboundDomain: 'reply.example.com',
} as const;

function readContext(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context "${key}" must be a string, got ${typeof value}`);
  return value;
}

/** A numeric setting from context: `-c sendRatePerSecond=50` arrives as a string, cdk.json as a number. */
function readNumber(node: Node, key: string): number | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number))
    throw new Error(`context "${key}" must be a number, got ${JSON.stringify(value)}`);
  return number;
}

const app = new App();
// Every finding fails synth (and so deploy); the kept ones are acknowledged, with reasons, in nag-acknowledgements.ts.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const region = readContext(app.node, 'region') ?? process.env.CDK_DEFAULT_REGION;
const account = process.env.CDK_DEFAULT_ACCOUNT;
const publicUrl = readContext(app.node, 'publicUrl');
const consoleOrigin = readContext(app.node, 'consoleOrigin');
const alarmEmail = readContext(app.node, 'alarmEmail');
const smsOriginationNumber = readContext(app.node, 'smsOriginationNumber');
// The send queue's drain rate; each defaults to SES's new-account figures (see infra/send-queue.ts).
const sendRate = Object.fromEntries(
  (
    [
      'sendRatePerSecond',
      'sendConcurrency',
      'sendBatchSize',
      'sendReservedConcurrency',
      'sendMaxReceives',
    ] as const
  ).flatMap((key) => {
    const value = readNumber(app.node, key);
    return value === undefined ? [] : [[key, value]];
  }),
);

new NurtureStack(app, 'NurtureStack', {
  // Without credentials both stay unset and the stack is environment-agnostic, so synth works offline.
  ...(account || region ? { env: { account, region } } : {}),
  description: 'Nurture engine: email and SMS cadences for existing customers',
  sendingAddress: readContext(app.node, 'sendingAddress') ?? CONTEXT_DEFAULTS.sendingAddress,
  inboundDomain: readContext(app.node, 'inboundDomain') ?? CONTEXT_DEFAULTS.inboundDomain,
  ...(publicUrl ? { publicUrl } : {}),
  ...(consoleOrigin ? { consoleOrigin } : {}),
  ...(alarmEmail ? { alarmEmail } : {}),
  ...(smsOriginationNumber ? { smsOriginationNumber } : {}),
  ...sendRate,
});

app.synth();
