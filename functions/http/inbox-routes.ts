import { Hono } from 'hono';
import * as z from 'zod';
import { EVERY_ROLE } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from '../engine/deps';
import { recentReplies } from '../engine/replies/inbox';
import { listTasks } from '../engine/replies/tasks';
import { scopeFor } from './access';
import type { ApiOperation } from './api-operation';

export const inboxQuery = z.lazy(() =>
  z.strictObject({
    limit: z.coerce.number().int('limit must be a whole number').min(1).max(200).default(50),
    cursor: z.string().min(1).max(1000).optional(),
  }),
);

export const taskListQuery = z.lazy(() =>
  z.strictObject({
    status: z.enum(['open', 'done', 'all']).default('open'),
    limit: z.coerce.number().int('limit must be a whole number').min(1).max(200).default(100),
    cursor: z.string().min(1).max(1000).optional(),
  }),
);

/** `/v1/inbox`: the latest replies across customers (an owner's own), complaints first. */
export function inboxRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const { limit, cursor } = parseOrThrow(inboxQuery, c.req.query(), 'inbox request');
    return c.json(await recentReplies(deps, limit, cursor, scopeFor(c)));
  });
  return app;
}

/** `/v1/tasks`: the owners' tasks across customers (an owner's own), newest first (done and undo live on the customer). */
export function taskRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const { status, limit, cursor } = parseOrThrow(taskListQuery, c.req.query(), 'task list request');
    return c.json(await listTasks(deps, status, limit, cursor, scopeFor(c)));
  });
  return app;
}

export const inboxOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/inbox',
    tag: 'Inbox',
    summary: 'Recent replies across customers, complaints first, then newest first',
    auth: 'api-key',
    roles: EVERY_ROLE,
    ownersSeeTheirs: true,
    query: inboxQuery,
    responses: {
      200: {
        description:
          '`{ replies: [{ id, customerId, customerName, channel, kind, subject?, text, at, latencySeconds?, messageId?, untrusted? }], next? }`; `untrusted` (`failed-authentication`, `other-address` or `owner-not-relayed`) marks a message kept but not acted on; `next` is passed back as `cursor`',
      },
      400: { description: 'limit is not a whole number from 1 to 200, or a cursor the inbox did not return' },
    },
  },
  {
    method: 'get',
    path: '/v1/tasks',
    tag: 'Tasks',
    summary: "Owners' tasks across customers (open by default), newest first",
    description: 'With `status=all`, open tasks come before done ones. `next` is passed back as `cursor`.',
    auth: 'api-key',
    roles: EVERY_ROLE,
    ownersSeeTheirs: true,
    query: taskListQuery,
    responses: {
      200: {
        description:
          '`{ tasks: [{ id, customerId, customerName, task, status, note, at, doneAt? }], next? }`',
      },
      400: { description: 'An unknown status, a limit outside 1-200, or a cursor from another list' },
    },
  },
];
