import type { ApiOperation } from './api-operation';

/** The unauthenticated service routes: health and this API's own description. */
export const docsOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/health',
    tag: 'Service',
    summary: 'Liveness and the engine clock',
    auth: 'none',
    responses: { 200: { description: '`{ status: "ok", time }`' } },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Service',
    summary: 'This OpenAPI 3.1 document',
    auth: 'none',
    responses: { 200: { description: 'The document' } },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'Service',
    summary: 'Browsable API reference (Swagger UI)',
    auth: 'none',
    responses: { 200: { description: 'An HTML page' } },
  },
];
