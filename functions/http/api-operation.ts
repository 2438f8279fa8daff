import type * as z from 'zod';

/** How a caller proves who it is: an API key (or a console session), a webhook signature, or nothing. */
export type ApiAuth = 'api-key' | 'webhook-signature' | 'none';

/**
 * One HTTP operation as the OpenAPI document describes it, declared beside the
 * route that serves it and built from the same zod schemas the route parses with,
 * so the published contract cannot drift from what the API accepts.
 * @example { method: 'get', path: '/v1/customers/{customerId}', tag: 'Customers', summary: 'A customer file', auth: 'api-key', params: z.object({ customerId: customerIdSchema }), responses: { 200: { description: 'The file' } } }
 */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path, with `{name}` path parameters. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: ApiAuth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}
