import { expect } from 'vitest';
import type { TestEngine } from './local-engine';

/** Sequences outrank the other rules here, so the caps never move the steps under test. */
export const define = (id: string, steps: unknown[], over: Record<string, unknown> = {}) => ({
  sequence: { id, name: id, trigger: { kind: 'api' }, priorityAs: 'birthday', steps, ...over },
});
export const hello = { id: 'hello', type: 'send', template: 'sequence-welcome-hello', channels: 'email' };
export const wait = (id: string, days: number) => ({ id, type: 'wait', days, until: '10:00' });
export const send = (id: string, template: string) => ({ id, type: 'send', template, channels: 'email' });

/** The messages a sequence sent the customer, oldest first. */
export async function sequenceMail(engine: TestEngine, customerId: string, sequenceId: string) {
  return (await engine.sent(customerId)).filter((m) => m.rule === `sequence:${sequenceId}`);
}

/** Defines a sequence through the API; it must be accepted. */
export async function createSequence(engine: TestEngine, body: ReturnType<typeof define>) {
  const created = await engine.json('POST', '/v1/sequences', body);
  expect(created.status).toBe(201);
}
