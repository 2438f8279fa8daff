import { Hono } from 'hono';
import * as z from 'zod';
import { segmentIdSchema } from '../core/campaign-request';
import { ValidationError } from '../core/errors';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from '../engine/deps';
import { countSegment, createSegment, getSegment, parseFilter } from '../engine/segments';
import { jsonBody } from './body';

const countRequestSchema = z.strictObject({
  filter: z.unknown().optional(),
  segment: segmentIdSchema.optional(),
  cursor: z.string().min(1).max(4000).optional(),
});

const cursorQuery = z.string().min(1).max(4000).optional();

/** `/v1/segments`: saved, named filters over the customer file, and how many customers each holds. */
export function segmentRoutes(deps: EngineDeps, newId: () => string): Hono {
  const app = new Hono();

  app.post('/', async (c) => c.json(await createSegment(deps, await jsonBody(c), newId), 201));

  app.get('/', async (c) => c.json({ segments: await deps.store.segments.list() }));

  // A count preview for a filter written out in place, or for a saved segment.
  app.post('/count', async (c) => {
    const request = parseOrThrow(countRequestSchema, await jsonBody(c), 'count request');
    if ((request.filter === undefined) === (request.segment === undefined)) {
      throw new ValidationError('invalid count request: give exactly one of filter or segment', [
        { path: 'filter', message: 'give exactly one of filter or segment' },
      ]);
    }
    const filter =
      request.segment !== undefined
        ? (await getSegment(deps, request.segment)).filter
        : parseFilter(request.filter, 'filter', 'count request');
    return c.json(await countSegment(deps, filter, request.cursor));
  });

  app.get('/:id', async (c) => {
    const id = parseOrThrow(segmentIdSchema, c.req.param('id'), 'segment id');
    return c.json(await getSegment(deps, id));
  });

  app.get('/:id/count', async (c) => {
    const id = parseOrThrow(segmentIdSchema, c.req.param('id'), 'segment id');
    const cursor = parseOrThrow(cursorQuery, c.req.query('cursor'), 'count request');
    const segment = await getSegment(deps, id);
    return c.json({ segmentId: id, ...(await countSegment(deps, segment.filter, cursor)) });
  });

  return app;
}
