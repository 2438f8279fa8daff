import type { Context } from 'hono';
import { Hono } from 'hono';
import * as z from 'zod';
import { suppressionReasons as reasons } from '../core/customers/suppression-reasons';
import { ADMIN_ONLY, CONTENT_ROLES } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from '../engine/deps';
import { listSuppressions, putSuppression, removeSuppression } from '../engine/send/suppression-list';
import { actorFor } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';

const listQuery = z.lazy(() =>
  z.strictObject({
    q: z
      .string()
      .min(1)
      .max(254)
      .optional()
      .describe('The start of an address: `wang.`, `+86138`, a whole address'),
    reason: z.enum(reasons).optional(),
    limit: z.coerce.number().int('limit must be a whole number').min(1).max(200).default(50),
    cursor: z.string().min(1).max(400).optional(),
  }),
);
const addressParams = z.lazy(() =>
  z.strictObject({
    address: z.string().min(3).max(254).describe('An email address or a +E.164 phone number, URL-encoded'),
  }),
);
const putBody = z.lazy(() => z.strictObject({ channel: z.enum(['email', 'sms']), reason: z.enum(reasons) }));
const deleteBody = z.lazy(() =>
  z.strictObject({
    reason: z.string().trim().min(3).max(200).describe('Why it may be messaged again, for the audit'),
    force: z.boolean().default(false).describe('Required to remove an address listed by a complaint'),
  }),
);

/** `/v1/suppressions`: the addresses never messaged again, read and changed by admins. */
export function suppressionRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  const address = (c: Context) => parseOrThrow(addressParams, c.req.param(), 'suppression').address;

  app.get('/', async (c) => {
    const query = parseOrThrow(listQuery, c.req.query(), 'suppression list request');
    return c.json(await listSuppressions(deps, query));
  });

  app.put('/:address', async (c) => {
    const raw = address(c);
    const body = parseOrThrow(putBody, await jsonBody(c), 'suppression');
    const result = await putSuppression(deps, raw, body, actorFor(c));
    return c.json(result.suppression, result.created ? 201 : 200);
  });

  app.delete('/:address', async (c) => {
    const raw = address(c);
    const body = parseOrThrow(deleteBody, await jsonBody(c), 'suppression removal');
    return c.json(await removeSuppression(deps, raw, body, actorFor(c)));
  });

  return app;
}

const tag = 'Suppressions';
const record = '`{ address, channel, reason, at, source }`';

export const suppressionOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/suppressions',
    tag,
    summary: 'The suppression list, in address order',
    description:
      'Addresses never messaged again, by any rule, whoever they are filed under. `q` is the start of an ' +
      'address (as the list spells it: emails lower-cased, phone numbers in E.164); `reason` filters each ' +
      "page, which may then come short: `next` goes on. An erased customer's addresses are kept only as " +
      'keyed hashes and are not listed.',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    query: listQuery,
    responses: {
      200: { description: `\`{ suppressions: [${record}], next }\`` },
      400: { description: 'An unknown reason, a limit outside 1-200, or a cursor of another list' },
    },
  },
  {
    method: 'put',
    path: '/v1/suppressions/{address}',
    tag,
    summary: 'Put an address on the list',
    description:
      'Flags every customer filed with it and emits `customer.suppressed` for each. Idempotent: an address ' +
      'listed already is answered as it stands (200), its first reason kept. Audited.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: addressParams,
    body: putBody,
    responses: {
      200: { description: `Listed already: ${record}` },
      201: { description: `Listed: ${record}` },
      400: { description: 'Not an email address or phone number, or a channel that is not the address’s' },
    },
  },
  {
    method: 'delete',
    path: '/v1/suppressions/{address}',
    tag,
    summary: 'Take an address off the list',
    description:
      'Its customers may be messaged on it again (their consent still applies). An address listed by a ' +
      'complaint needs `force: true`. Also drops what an erasure kept of the address. Audited, with `reason`.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: addressParams,
    body: deleteBody,
    responses: {
      200: { description: `\`{ removed: ${record} | null }\`` },
      400: { description: 'No reason given, or not an address' },
      409: { description: 'Listed by a complaint, and no `force: true`' },
    },
  },
];
