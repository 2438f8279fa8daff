import type * as z from 'zod';
import type { Role } from '../core/team/roles';

/** How a caller proves who it is: an API key (or a console session), a webhook signature, or nothing. */
export type ApiAuth = 'api-key' | 'webhook-signature' | 'none';

/** Who may call an operation: behind an API key or session, the roles it admits (API keys act as admins). */
export type OperationAccess =
  | {
      auth: 'api-key';
      roles: readonly Role[];
      /** An owner sees only their own customers here; another's is a 404. */
      ownersSeeTheirs?: true;
    }
  | { auth: 'webhook-signature' | 'none' };

/**
 * One HTTP operation as the OpenAPI document describes it, declared beside the
 * route that serves it and built from the same zod schemas the route parses with,
 * so the published contract cannot drift from what the API accepts.
 * @example { method: 'get', path: '/v1/customers/{customerId}', tag: 'Customers', summary: 'A customer file', auth: 'api-key', roles: EVERY_ROLE, params: z.object({ customerId: customerIdSchema }), responses: { 200: { description: 'The file' } } }
 */
export type ApiOperation = OperationFields & OperationAccess;

/** Named fields (path, query or header parameters): an object schema, or one built on first use. */
export type FieldsSchema = z.ZodObject | z.ZodLazy<z.ZodObject>;

interface OperationFields {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path, with `{name}` path parameters. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: FieldsSchema;
  query?: FieldsSchema;
  headers?: FieldsSchema;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}
