import { Hono } from 'hono';
import * as z from 'zod';
import { customerIdSchema } from '../core/customers/customer';
import { ADMIN_ONLY } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { exportCustomer } from '../engine/customers/customer-export';
import { eraseCustomer } from '../engine/customers/erasure';
import type { EngineDeps } from '../engine/deps';
import { actorFor } from './access';
import type { ApiOperation } from './api-operation';

const customerParams = z.lazy(() => z.strictObject({ customerId: customerIdSchema }));

/** `/v1/customers/{id}/export` and `DELETE /v1/customers/{id}`: a customer's access and erasure rights. */
export function dataRightsRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  const idOf = (raw: Record<string, string>) => parseOrThrow(customerParams, raw, 'customer').customerId;

  app.get('/:customerId/export', async (c) => {
    const customerId = idOf(c.req.param());
    const document = await exportCustomer(deps, customerId, actorFor(c));
    c.header(
      'content-disposition',
      `attachment; filename="customer-${customerId.replace(/[^\w.-]/g, '_')}.json"`,
    );
    return c.json(document);
  });

  app.delete('/:customerId', async (c) =>
    c.json(await eraseCustomer(deps, idOf(c.req.param()), actorFor(c))),
  );

  return app;
}

export const dataRightsOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/customers/{customerId}/export',
    tag: 'Data rights',
    summary: 'Everything held about the customer, as one JSON document',
    description:
      'The profile and engine state, deals, the whole timeline (messages with their text, replies, tasks, ' +
      "notes, delivery events), referrals, the suppressions of the customer's addresses, and the webhook " +
      'deliveries about them. Audited.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: customerParams,
    responses: {
      200: {
        description:
          '`{ exportedAt, customerId, profile, engineState, createdAt, updatedAt, deals, timeline, referrals, suppressions, webhookDeliveries }`, as an attachment',
      },
      404: { description: 'Nothing is held about this customer' },
    },
  },
  {
    method: 'delete',
    path: '/v1/customers/{customerId}',
    tag: 'Data rights',
    summary: 'Erase the customer everywhere',
    description:
      'Profile, directory and contact index entries, engine state and alarm, deals, timeline, messages ' +
      'and replies, the inbox and task board copies, referral links, offer redemptions (kept counted, ' +
      "anonymous), webhook deliveries about them and the raw inbound mail. The customer's addresses stay " +
      'on the suppression list as keyed hashes only, so filing the same address again never messages it. ' +
      'Idempotent: a repeat answers the first erasure. Audited by a keyed hash of the id. Irreversible.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: customerParams,
    responses: {
      200: {
        description:
          '`{ customerId, status: "erased", erasedAt, removed: { items, rawMail, webhookDeliveries, redemptions } }`',
      },
      404: { description: 'Nothing is held about this customer, and none was erased by this id' },
    },
  },
];
