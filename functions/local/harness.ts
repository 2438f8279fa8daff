import { Hono } from 'hono';
import { Duration } from 'luxon';
import * as z from 'zod';
import { ValidationError } from '../core/errors';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from '../engine/deps';
import { receiveEmail, receiveSms } from '../engine/replies/inbound';
import { receiveRawEmail } from '../engine/replies/inbound-mime';
import { jsonBody } from '../http/body';
import { type Clock, SimulatedClock } from '../ports/clock/index';
import type { LocalScheduler } from '../ports/scheduler/local';
import type { Outbox } from './outbox';

const clockSchema = z.lazy(() =>
  z.union(
    [
      z.strictObject({ advance: z.string().min(2) }),
      z.strictObject({ set: z.iso.datetime({ offset: true }) }),
    ],
    { error: 'expected { "advance": "P3D" } or { "set": "2027-02-06T02:00:00Z" }' },
  ),
);

const inboundEmailSchema = z.lazy(() =>
  z.union(
    [
      z.strictObject({ raw: z.string().min(10) }),
      z.strictObject({
        from: z.string().min(3),
        to: z.string().min(3),
        subject: z.string().optional(),
        text: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
      }),
    ],
    { error: 'expected { raw } (the MIME message) or { from, to, subject, text }, or a message/rfc822 body' },
  ),
);

const inboundSmsSchema = z.lazy(() => z.strictObject({ from: z.string().min(3), body: z.string() }));

/**
 * `/_local`: the harness mounted only by the local server. It stands in for
 * what AWS does around the engine: the outbox of sent messages, the clock,
 * and the inbound email and SMS pipelines.
 */
export function localHarness(parts: {
  deps: EngineDeps;
  clock: Clock;
  scheduler: LocalScheduler;
  outbox: Outbox;
  /** Moves the simulated clock, ringing alarms and sweeping on the way. */
  advanceClock: (clock: SimulatedClock, target: Date) => Promise<void>;
}): Hono {
  const { deps, clock, scheduler, outbox, advanceClock } = parts;
  const app = new Hono();

  app.get('/outbox', async (c) => {
    const customerId = c.req.query('customerId');
    return c.json({ messages: await outbox.list(customerId || undefined) });
  });

  app.get('/alarms', (c) => {
    const customerId = c.req.query('customerId');
    const alarms = scheduler
      .pending()
      .filter((a) => !customerId || ('customerId' in a && a.customerId === customerId));
    return c.json({ alarms });
  });

  app.get('/clock', (c) =>
    c.json({ now: clock.now().toISOString(), simulated: clock instanceof SimulatedClock }),
  );

  app.post('/clock', async (c) => {
    if (!(clock instanceof SimulatedClock)) {
      throw new ValidationError(
        'the clock is the system clock; start with NURTURE_CLOCK=simulated to move it',
        [{ path: 'NURTURE_CLOCK', message: 'must be simulated to move the clock' }],
      );
    }
    const request = parseOrThrow(clockSchema, await jsonBody(c), 'clock request');
    let target: Date;
    if ('advance' in request) {
      const duration = Duration.fromISO(request.advance);
      if (!duration.isValid || duration.toMillis() < 0) {
        throw new ValidationError(
          'invalid clock request: advance: must be an ISO 8601 duration such as P3D or PT2H',
          [{ path: 'advance', message: 'must be an ISO 8601 duration such as P3D or PT2H' }],
        );
      }
      target = new Date(clock.now().getTime() + duration.toMillis());
    } else {
      target = new Date(request.set);
      if (target < clock.now()) {
        throw new ValidationError(
          `invalid clock request: set: the clock is already at ${clock.now().toISOString()}`,
          [{ path: 'set', message: 'must not be before the current time' }],
        );
      }
    }
    await advanceClock(clock, target);
    return c.json({ now: clock.now().toISOString() });
  });

  app.post('/inbound/email', async (c) => {
    // The message's bytes as SES stores them (any charset, CRLF kept), read within the route's body limit.
    if (/^message\/rfc822\b/i.test(c.req.header('content-type') ?? '')) {
      const raw = Buffer.from(await c.req.arrayBuffer());
      if (raw.length < 10) {
        throw new ValidationError('invalid inbound email: the message/rfc822 body is empty', [
          { path: '(body)', message: 'expected the MIME message' },
        ]);
      }
      const outcome = await receiveRawEmail(deps, raw);
      return c.json(outcome, outcome.status === 'unmatched' ? 404 : 200);
    }
    const email = parseOrThrow(inboundEmailSchema, await jsonBody(c), 'inbound email');
    const outcome = 'raw' in email ? await receiveRawEmail(deps, email.raw) : await receiveEmail(deps, email);
    return c.json(outcome, outcome.status === 'unmatched' ? 404 : 200);
  });

  app.post('/inbound/sms', async (c) => {
    const sms = parseOrThrow(inboundSmsSchema, await jsonBody(c), 'inbound SMS');
    const outcome = await receiveSms(deps, sms);
    return c.json(outcome, outcome.status === 'unmatched' ? 404 : 200);
  });

  return app;
}
