import { Hono } from 'hono';
import * as z from 'zod';
import { channelPolicySchema } from '../core/cadence/cadence-rules';
import { segmentFilterSchema } from '../core/campaigns/segment';
import { segmentIdSchema } from '../core/campaigns/segment-id';
import { ValidationError } from '../core/errors';
import { CONTENT_ROLES } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import {
  countSegment,
  createSegment,
  getSegment,
  parseFilter,
  segmentRequestSchema,
} from '../engine/campaigns/segments';
import type { EngineDeps } from '../engine/deps';
import { channelsOf } from '../engine/fire/fire-steps';
import { actorFor } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';

export const countRequestSchema = z.lazy(() =>
  z.strictObject({
    filter: z.unknown().optional(),
    segment: segmentIdSchema.optional(),
    cursor: z.string().min(1).max(4000).optional(),
    /** The campaign's channels: the answer then splits the count into reachable and unreachable. */
    channels: channelPolicySchema.optional(),
  }),
);

export const cursorQuerySchema = z.lazy(() => z.string().min(1).max(4000).optional());
const segmentPath = z.lazy(() => z.object({ id: segmentIdSchema }));
const countAnswer =
  '`{ matched, exact, estimate, cursor, reachable?, unreachable? }`: past 10,000 entries read, an estimate and a cursor to go on counting; with `channels`, the matched split into those the channels reach and those they do not';

/** The segment routes as the OpenAPI document describes them (filters in their parsed shape). */
export const segmentOperations = (): ApiOperation[] => [
  {
    method: 'post',
    path: '/v1/segments',
    tag: 'Segments',
    summary: 'Save a named filter over the customer file',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    body: segmentRequestSchema.unwrap().extend({ filter: segmentFilterSchema }),
    responses: {
      201: { description: 'The saved segment' },
      400: { description: 'A field or filter criterion is invalid' },
      409: { description: 'A segment with this id exists already' },
    },
  },
  {
    method: 'get',
    path: '/v1/segments',
    tag: 'Segments',
    summary: 'The saved segments',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    responses: { 200: { description: '`{ segments }`' } },
  },
  {
    method: 'post',
    path: '/v1/segments/count',
    tag: 'Segments',
    summary: 'Count a filter written out in place, or a saved segment',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    body: countRequestSchema.unwrap().extend({ filter: segmentFilterSchema.optional() }),
    responses: {
      200: { description: countAnswer },
      400: { description: 'Give exactly one of filter or segment' },
    },
  },
  {
    method: 'get',
    path: '/v1/segments/{id}',
    tag: 'Segments',
    summary: 'A saved segment',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: segmentPath,
    responses: { 200: { description: 'The segment' }, 404: { description: 'No such segment' } },
  },
  {
    method: 'get',
    path: '/v1/segments/{id}/count',
    tag: 'Segments',
    summary: 'How many customers a saved segment holds',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: segmentPath,
    query: z.object({ cursor: cursorQuerySchema }),
    responses: { 200: { description: countAnswer }, 404: { description: 'No such segment' } },
  },
];

/** `/v1/segments`: saved, named filters over the customer file, and how many customers each holds. */
export function segmentRoutes(deps: EngineDeps, newId: () => string): Hono {
  const app = new Hono();

  app.post('/', async (c) => c.json(await createSegment(deps, await jsonBody(c), newId, actorFor(c)), 201));

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
    const channels = request.channels ? { channels: channelsOf(request.channels) } : {};
    return c.json(await countSegment(deps, filter, request.cursor, channels));
  });

  app.get('/:id', async (c) => {
    const id = parseOrThrow(segmentIdSchema, c.req.param('id'), 'segment id');
    return c.json(await getSegment(deps, id));
  });

  app.get('/:id/count', async (c) => {
    const id = parseOrThrow(segmentIdSchema, c.req.param('id'), 'segment id');
    const cursor = parseOrThrow(cursorQuerySchema, c.req.query('cursor'), 'count request');
    const segment = await getSegment(deps, id);
    return c.json({ segmentId: id, ...(await countSegment(deps, segment.filter, cursor)) });
  });

  return app;
}
