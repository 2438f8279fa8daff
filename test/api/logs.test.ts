import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLogger, maskPersonalData } from '../../functions/engine/log';
import { startTestEngine, type TestEngine } from '../support/local-engine';

describe('structured logs', () => {
  const lines: string[] = [];
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ log: jsonLogger((line) => lines.push(line)) });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('are JSON lines without a raw email address or phone number, through a whole chase and reply', async () => {
    await engine.call('PUT', '/v1/customers/c-log', {
      name: 'Wang Fang',
      email: 'wang.fang@example.com',
      phone: '+8613800138000',
      timezone: 'Asia/Shanghai',
      owner: { name: 'Li', email: 'li.lei@shop.example', phone: '+8613912345678' },
    });
    const { body } = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-log/messages',
      {
        template: 'hello-again',
        channel: 'sms',
        chase: true,
      },
    );
    await engine.advance('P3D');
    await engine.json('POST', '/_local/inbound/sms', { from: '+8613800138000', body: 'ok' });
    await engine.json('POST', '/_local/inbound/email', {
      from: 'stranger@else.example',
      to: 'x@y.example',
      text: 'hi',
    });
    expect(body.message).toBeDefined();

    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toMatch(/wang\.fang@example\.com|stranger@else\.example|li\.lei@shop\.example/);
      expect(line).not.toMatch(/8613800138000|8613912345678/);
    }
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(
      expect.arrayContaining([
        'customer.upserted',
        'message.sent',
        'customer.fired',
        'reply.recorded',
        'reply.unmatched',
      ]),
    );
  });

  it('masks addresses and numbers but keeps enough to tell them apart', () => {
    expect(maskPersonalData('to wang.fang@example.com and +86 138 0013 8000')).toBe(
      'to w***@example.com and +***00',
    );
    expect(maskPersonalData('call 13800138000 now')).toBe('call +***00 now');
  });

  it('leaves dates, times and counts alone', () => {
    const line = '{"time":"2026-11-23T20:31:45.123Z","nextAt":"2027-02-09T01:00:00.000Z","count":12345678}';
    expect(maskPersonalData(line)).toBe(line);
  });
});
