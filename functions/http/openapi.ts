import * as z from 'zod';
import { errorCodes } from '../core/errors';
import { onFirstUse } from '../core/validation';
import { answerOperations } from './answer-routes';
import type { ApiAuth, ApiOperation, FieldsSchema } from './api-operation';
import { auditOperations } from './audit-routes';
import { calendarOperations } from './calendar-routes';
import { campaignOperations } from './campaign-routes';
import { consoleSessionOperations } from './console-session-routes';
import { customerListOperations } from './customer-list-routes';
import { customerOperations } from './customer-routes';
import { dataRightsOperations } from './data-rights-routes';
import { docsOperations } from './docs-operations';
import { inboxOperations } from './inbox-routes';
import { webhookEventsDocument } from './openapi-webhooks';
import { ruleOperations } from './rule-routes';
import { segmentOperations } from './segment-routes';
import { sequenceOperations } from './sequence-routes';
import { statsOperations } from './stats-routes';
import { suppressionOperations } from './suppression-routes';
import { templateOperations } from './template-routes';
import { unsubscribeOperations } from './unsubscribe-routes';
import { userOperations } from './user-routes';
import { webhookEndpointOperations } from './webhook-endpoint-routes';
import { webhookOperations } from './webhook-routes';

/**
 * Every documented operation: a new route module adds its list here. Built on
 * first use, with the schemas in it: a cold start does not pay for them.
 */
export const apiOperations = onFirstUse((): readonly ApiOperation[] => [
  ...docsOperations(),
  ...customerListOperations(),
  ...customerOperations(),
  ...answerOperations(),
  ...dataRightsOperations(),
  ...webhookOperations(),
  ...templateOperations(),
  ...ruleOperations(),
  ...sequenceOperations(),
  ...statsOperations(),
  ...inboxOperations(),
  ...segmentOperations(),
  ...campaignOperations(),
  ...calendarOperations(),
  ...webhookEndpointOperations(),
  ...suppressionOperations(),
  ...unsubscribeOperations(),
  ...consoleSessionOperations(),
  ...userOperations(),
  ...auditOperations(),
]);

type JsonSchema = Record<string, unknown>;
type Components = Record<string, JsonSchema>;

const SECURITY: Record<ApiAuth, Record<string, string[]>[]> = {
  'api-key': [{ apiKey: [] }, { consoleSession: [] }],
  'webhook-signature': [{ webhookSignature: [] }],
  none: [],
};

const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer <api key>`.',
  },
  consoleSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'nurture_session',
    description:
      'The console session cookie from `POST /console/api/session`; unsafe methods also need `X-CSRF-Token`.',
  },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description:
      'Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` keyed with the `whsec_` secret, with `webhook-id` and `webhook-timestamp` (5-minute tolerance).',
  },
} as const;

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: 'What is wrong, naming the field.' },
    code: {
      type: 'string',
      enum: [...errorCodes],
      description:
        'The kind of error, for a message in the reader’s language; absent on a few transport refusals.',
    },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/**
 * A zod schema as JSON Schema 2020-12 (the dialect of OpenAPI 3.1). Shared
 * definitions move to `components.schemas` under a per-operation prefix, since
 * `#/$defs/...` would otherwise resolve against the document's root.
 */
function jsonSchemaOf(
  schema: z.ZodType,
  io: 'input' | 'output',
  prefix: string,
  components: Components,
): JsonSchema {
  const {
    $schema: _,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema & { $defs?: Components };
  if (!$defs) return rest;
  const rename = (name: string) => `${prefix}.${name}`;
  const relink = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(relink);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')
          ? [key, `#/components/schemas/${rename(inner.slice('#/$defs/'.length))}`]
          : [key, relink(inner)],
      ),
    );
  };
  for (const [name, definition] of Object.entries($defs)) {
    components[rename(name)] = relink(definition) as JsonSchema;
  }
  return relink(rest) as JsonSchema;
}

function parametersOf(
  where: 'path' | 'query' | 'header',
  schema: FieldsSchema | undefined,
  prefix: string,
  components: Components,
): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchemaOf(schema, 'input', prefix, components) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function operationId(operation: ApiOperation): string {
  const words = operation.path
    .split('/')
    .filter((part) => part && part !== 'v1')
    .map((part) =>
      part.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => c?.toUpperCase() ?? ''),
    );
  return [operation.method, ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

function describeOperation(operation: ApiOperation, components: Components): JsonSchema {
  const id = operationId(operation);
  const responses = Object.fromEntries(
    Object.entries(operation.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.schema
          ? {
              content: {
                'application/json': { schema: jsonSchemaOf(response.schema, 'output', id, components) },
              },
            }
          : Number(status) >= 400
            ? { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
            : {}),
      },
    ]),
  );
  return {
    operationId: id,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    security: SECURITY[operation.auth],
    ...(operation.auth === 'api-key'
      ? {
          // Who may call it: API keys act as admins; an owner's answers hold only their own customers.
          'x-roles': operation.roles,
          ...(operation.ownersSeeTheirs ? { 'x-owners-see-their-own': true } : {}),
        }
      : {}),
    parameters: [
      ...parametersOf('path', operation.params, id, components),
      ...parametersOf('query', operation.query, id, components),
      ...parametersOf('header', operation.headers, id, components),
    ],
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchemaOf(operation.body, 'input', id, components) },
            },
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of `operations`, built from the zod schemas the
 * routes parse with (request bodies as their input side).
 * @example const doc = buildOpenApiDocument(apiOperations(), '0.1.0');
 */
export function buildOpenApiDocument(operations: readonly ApiOperation[], version: string): JsonSchema {
  const components: Components = { Error: ERROR_SCHEMA };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of operations) {
    const item = paths[operation.path] ?? {};
    if (item[operation.method]) throw new Error(`${operation.method} ${operation.path} is declared twice`);
    item[operation.method] = describeOperation(operation, components);
    paths[operation.path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Nurture engine API',
      version,
      description:
        'Customer files and deals in, cadence rules per customer, templated email and SMS out, replies back. Errors are `{ "error": "<what is wrong>", "code": "<kind>", "issues"?: [...] }` with a 4xx status.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    webhooks: webhookEventsDocument(),
    components: { schemas: components, securitySchemes: SECURITY_SCHEMES },
  };
}

let cached: string | undefined;

/** The document of every route, serialised once per process: it changes only with the code. */
export function openApiJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument(apiOperations(), '0.1.0'));
  return cached;
}
