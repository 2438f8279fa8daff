import { Hono } from 'hono';
import * as z from 'zod';
import { customerIdSchema } from '../core/customers/customer';
import { NotFoundError } from '../core/errors';
import { CONTENT_ROLES } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from '../engine/deps';
import { dryRunSequence } from '../engine/sequences/sequence-dry-run';
import { listSequences, saveSequence, sequenceWithHistory } from '../engine/sequences/sequence-edits';
import { enrolCustomer, exitCustomer } from '../engine/sequences/sequence-runs';
import { sequenceStats } from '../engine/sequences/sequence-stats';
import { actorFor, scopeFor } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';

const sequenceParams = z.lazy(() =>
  z.object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a sequence id such as new-customer-welcome'),
  }),
);

const createSchema = z.lazy(() =>
  z.strictObject({
    sequence: z.record(z.string(), z.unknown()).refine((s) => typeof s.id === 'string', 'needs an id'),
    note: z.string().max(500).optional(),
  }),
);

const saveSchema = z.lazy(() =>
  z.strictObject({
    sequence: z.record(z.string(), z.unknown()),
    baseVersion: z.number().int().min(1),
    note: z.string().max(500).optional(),
  }),
);

const customerBody = z.lazy(() => z.strictObject({ customerId: customerIdSchema }));

const invalid = {
  422: {
    description: 'The definition does not hold (a field, a branch target, a template): `{ error, issues }`',
  },
};

/** The `/v1/sequences` operations, for the OpenAPI document. */
export const sequenceOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/sequences',
    tag: 'Sequences',
    summary: 'Every sequence marketers defined, with its live version',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    responses: {
      200: {
        description:
          '`{ sequences: [{ id, version, updatedAt?, updatedBy?, builtIn?, sequence }] }` (`builtIn`: the chase, the survey or the referral ask, edited as their rules)',
      },
    },
  },
  {
    method: 'post',
    path: '/v1/sequences',
    tag: 'Sequences',
    summary: 'Define a new sequence (version 1)',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    body: createSchema,
    responses: {
      201: { description: '`{ id, version }`' },
      409: { description: 'The id is taken' },
      ...invalid,
    },
  },
  {
    method: 'get',
    path: '/v1/sequences/{id}',
    tag: 'Sequences',
    summary: 'One sequence with its versions, newest first',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sequenceParams,
    responses: {
      200: { description: '`{ id, version, sequence, versions }`' },
      404: { description: 'No such sequence' },
    },
  },
  {
    method: 'put',
    path: '/v1/sequences/{id}',
    tag: 'Sequences',
    summary: 'Save a sequence as a new version',
    description:
      'Customers inside it follow the new version from their next step; one whose next step was removed goes on to the step after the last one it ran; disabling it ends the runs, each with a timeline entry.',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sequenceParams,
    body: saveSchema,
    responses: {
      200: { description: '`{ version }`' },
      404: { description: 'No such sequence' },
      409: { description: '`baseVersion` is not the live version: someone saved meanwhile' },
      ...invalid,
    },
  },
  {
    method: 'post',
    path: '/v1/sequences/{id}/dry-run',
    tag: 'Sequences',
    summary: 'When each step would fire for a customer entering now: nothing sent, nothing saved',
    description:
      'The planner on a copy of the customer’s state, the sequence taken as enabled, with the caps, send windows and the other rules; a customer already inside is shown from where they are. A sequence started by a date or a silence is entered on its day (`startsAt`, the first step `enter:<date>`).',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sequenceParams,
    body: customerBody,
    responses: {
      200: {
        description:
          '`{ entered: true, already, timezone, from, startsAt?, steps: [{ at, local, occurrence, template, channel, status }] }` or `{ entered: false, reason }` (tier, reentry)',
      },
      404: { description: 'No such sequence or customer' },
    },
  },
  {
    method: 'post',
    path: '/v1/sequences/{id}/enrol',
    tag: 'Sequences',
    summary: 'Start a customer on the sequence, within its tiers and re-entry policy',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sequenceParams,
    body: customerBody,
    responses: {
      200: {
        description:
          '`{ entered: true, run }` or `{ entered: false, reason }` (disabled, tier, running, reentry)',
      },
      404: { description: 'No such sequence or customer' },
    },
  },
  {
    method: 'post',
    path: '/v1/sequences/{id}/exit',
    tag: 'Sequences',
    summary: "End a customer's run through the sequence",
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sequenceParams,
    body: customerBody,
    responses: {
      200: { description: '`{ exited }`: false when no run was active' },
      404: { description: 'No such sequence or customer' },
    },
  },
  {
    method: 'get',
    path: '/v1/sequences/{id}/stats',
    tag: 'Sequences',
    summary:
      'Per step: customers who entered it, are waiting on it, were sent it, replied after it, exited at it',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sequenceParams,
    responses: {
      200: { description: '`{ steps: [{ step, entered, waiting, sent, replied, exited, converted }] }`' },
      404: { description: 'No such sequence' },
    },
  },
];

/** `/v1/sequences`: the flows marketers define, versioned like the rules, with enrolment and per-step stats. */
export function sequenceRoutes(deps: EngineDeps): Hono {
  const app = new Hono();

  app.get('/', async (c) => c.json({ sequences: await listSequences(deps) }));

  app.post('/', async (c) => {
    const body = parseOrThrow(createSchema, await jsonBody(c), 'sequence');
    const { id } = parseOrThrow(sequenceParams, { id: body.sequence.id }, 'sequence');
    const saved = await saveSequence(deps, id, { ...body, baseVersion: 0 }, actorFor(c));
    return c.json({ id, ...saved }, 201);
  });

  app.get('/:id', async (c) => {
    const { id } = parseOrThrow(sequenceParams, c.req.param(), 'sequence');
    return c.json(await sequenceWithHistory(deps, id));
  });

  app.put('/:id', async (c) => {
    const { id } = parseOrThrow(sequenceParams, c.req.param(), 'sequence');
    const edit = parseOrThrow(saveSchema, await jsonBody(c), 'sequence edit');
    return c.json(await saveSequence(deps, id, edit, actorFor(c)), 200);
  });

  app.post('/:id/dry-run', async (c) => {
    const { id } = parseOrThrow(sequenceParams, c.req.param(), 'sequence');
    const { customerId } = parseOrThrow(customerBody, await jsonBody(c), 'dry run');
    return c.json(await dryRunSequence(deps, id, customerId, scopeFor(c)));
  });

  app.post('/:id/enrol', async (c) => {
    const { id } = parseOrThrow(sequenceParams, c.req.param(), 'sequence');
    const { customerId } = parseOrThrow(customerBody, await jsonBody(c), 'enrolment');
    return c.json(await enrolCustomer(deps, id, customerId));
  });

  app.post('/:id/exit', async (c) => {
    const { id } = parseOrThrow(sequenceParams, c.req.param(), 'sequence');
    const { customerId } = parseOrThrow(customerBody, await jsonBody(c), 'exit');
    if (!(await deps.store.customers.get(customerId)))
      throw new NotFoundError(`customer ${customerId} not found`);
    return c.json({ exited: await exitCustomer(deps, id, customerId) });
  });

  app.get('/:id/stats', async (c) => {
    const { id } = parseOrThrow(sequenceParams, c.req.param(), 'sequence');
    return c.json({ steps: await sequenceStats(deps, id) });
  });

  return app;
}
