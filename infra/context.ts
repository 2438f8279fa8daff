import type { Node } from 'constructs';
import type { NurtureStackProps } from './stack-props';

/**
 * Placeholders that let `cdk synth` run with no context at all; a real deploy
 * passes its own, e.g. `cdk deploy -c sendingAddress='Acme <hi@acme.com>' -c inboundDomain=reply.acme.com`.
 */
export const CONTEXT_DEFAULTS = {
  sendingAddress: 'Nurture <hello@example.com>',
  inboundDomain: 'reply.example.com',
} as const;

/** The settings given as strings: `-c key=value`, or the same key in cdk.json. */
const TEXT_SETTINGS = [
  'publicUrl',
  'consoleOrigin',
  'alarmEmail',
  'smsOriginationNumber',
  'businessName',
  'adminEmail',
] as const;

/** The send queue's drain rate; each defaults to SES's new-account figures (see infra/send-queue.ts). */
const NUMBER_SETTINGS = [
  'sendRatePerSecond',
  'sendConcurrency',
  'sendBatchSize',
  'sendReservedConcurrency',
  'sendMaxReceives',
] as const;

export function readContext(node: Node, key: string): string | undefined {
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

/**
 * The stack's settings from CDK context, each only where given (the stack
 * has its own defaults); the addresses fall back to `CONTEXT_DEFAULTS`.
 *
 * @example new NurtureStack(app, 'NurtureStack', { env, ...stackPropsFromContext(app.node) });
 */
export function stackPropsFromContext(node: Node): NurtureStackProps {
  const given = <Key extends string, Value>(key: Key, value: Value | undefined) =>
    value === undefined ? [] : [[key, value] as const];
  return {
    sendingAddress: readContext(node, 'sendingAddress') ?? CONTEXT_DEFAULTS.sendingAddress,
    inboundDomain: readContext(node, 'inboundDomain') ?? CONTEXT_DEFAULTS.inboundDomain,
    ...Object.fromEntries([
      ...TEXT_SETTINGS.flatMap((key) => given(key, readContext(node, key))),
      ...NUMBER_SETTINGS.flatMap((key) => given(key, readNumber(node, key))),
    ]),
  };
}
