import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { segmentIdSchema } from '../core/campaigns/segment-id';
import { customersCsv } from '../core/customers/customer-csv';
import { type CustomerSearchQuery, customerSearchQuery } from '../core/customers/customer-search';
import { EVERY_ROLE } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { EXPORT_LIMIT, listAllCustomers, searchCustomers } from '../engine/customers/customer-search';
import { listSegmentCustomers } from '../engine/customers/segment-list';
import type { EngineDeps } from '../engine/deps';
import { scopeFor } from './access';
import type { ApiOperation } from './api-operation';

const exportQuery = z.lazy(() =>
  customerSearchQuery.unwrap().omit({ limit: true, cursor: true }).extend({
    /** A saved segment's customers instead of the list's filters. */
    segment: segmentIdSchema.optional(),
  }),
);

/**
 * The query as the caller may ask it: an owner's is held to their own customers
 * (with nothing to search for, it lists them); undefined when an owner asks for another's.
 */
function scopedQuery<T extends Pick<CustomerSearchQuery, 'owner'>>(
  c: Context,
  parse: (raw: Record<string, string>) => T,
): T | undefined {
  const scope = scopeFor(c);
  const raw = c.req.query();
  const query = parse(scope.kind === 'owner' ? { owner: scope.email, ...raw } : raw);
  if (scope.kind === 'owner' && query.owner !== scope.email) return undefined;
  return query;
}

/** `/v1/customers` and its CSV: the list a person browses, filters and downloads. */
export function customerListRoutes(deps: EngineDeps): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const query = scopedQuery(c, (raw) => parseOrThrow(customerSearchQuery, raw, 'customer search'));
    if (!query) return c.json({ customers: [] });
    return c.json(await searchCustomers(deps, query));
  });

  app.get('/export.csv', async (c) => {
    const query = scopedQuery(c, (raw) => parseOrThrow(exportQuery, raw, 'customer export'));
    const { customers, truncated } = !query
      ? { customers: [], truncated: false }
      : query.segment
        ? await listSegmentCustomers(
            deps,
            query.segment,
            scopeFor(c).kind === 'owner' ? query.owner : undefined,
          )
        : await listAllCustomers(deps, query);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="customers.csv"');
    c.header('x-truncated', String(truncated));
    // The BOM lets spreadsheet programs read the Chinese names as UTF-8.
    return c.body(`\uFEFF${customersCsv(customers)}`);
  });

  return app;
}

const customerTag = 'Customers';

export const customerListOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/customers',
    tag: customerTag,
    summary: 'List and search customers: filters, sort and pages',
    description:
      'With no filter, every customer the caller may see. A whole email address or an international ' +
      'phone number is looked up exactly; any other q matches part of a name or email (case- and ' +
      'width-insensitive, Chinese included) or the digits of a phone number; `tag`, `city`, `tier` and ' +
      '`owner` (an email) narrow the list. `sort` orders the matches among the first 5,000 directory ' +
      'entries a call reads (`partial: true` when there were more). At most `limit` customers, and ' +
      '`next` to pass as `cursor` for more. An owner signed in finds only their own customers.',
    auth: 'api-key',
    roles: EVERY_ROLE,
    ownersSeeTheirs: true,
    query: customerSearchQuery,
    responses: {
      200: {
        description:
          '`{ customers: [{ customerId, name, email?, phone?, city?, country?, tier, tags, owner?, lastContactAt? }], next?, partial? }`',
      },
      400: { description: 'A limit outside 1-100, an unknown sort, or a cursor from another search' },
    },
  },
  {
    method: 'get',
    path: '/v1/customers/export.csv',
    tag: customerTag,
    summary: 'The customer list (or a saved segment) as CSV, with the same filters and sort',
    description:
      'With `segment` (a saved segment’s id), that segment’s customers instead of the filters. ' +
      `At most ${EXPORT_LIMIT} rows (the header \`x-truncated: true\` says more matched). Cells a ` +
      'spreadsheet would run as a formula (starting with = + - @) are prefixed with a quote.',
    auth: 'api-key',
    roles: EVERY_ROLE,
    ownersSeeTheirs: true,
    query: exportQuery,
    responses: {
      200: {
        description:
          'text/csv: customerId, name, email, phone, city, country, tier, owner, tags, lastContactAt',
      },
      400: { description: 'An unknown filter or sort' },
      404: { description: 'No saved segment by that id' },
    },
  },
];
