import * as z from 'zod';
import { webhookEventSchemas, webhookEventTypes } from '../core/webhooks/events';

type JsonSchema = Record<string, unknown>;

const SIGNATURE_HEADERS = [
  {
    name: 'webhook-id',
    description: "The event's id: the same on every attempt and replay; drop repeats by it",
  },
  {
    name: 'webhook-timestamp',
    description: 'The attempt, in Unix seconds (reject ones more than 5 minutes off)',
  },
  {
    name: 'webhook-signature',
    description:
      '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` keyed with the endpoint\'s ' +
      'secret; during a rotation two, space-separated',
  },
].map(({ name, description }) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string' },
}));

/**
 * The events integrators receive, as OpenAPI 3.1 `webhooks`: one POST per
 * event type, its body `{ type, timestamp, data }` with `data` built from the
 * schema the engine emits with.
 */
export function webhookEventsDocument(): Record<string, JsonSchema> {
  return Object.fromEntries(
    webhookEventTypes.map((type) => {
      const { $schema: _, ...data } = z.toJSONSchema(webhookEventSchemas()[type], {
        io: 'output',
        target: 'draft-2020-12',
      }) as JsonSchema;
      const body = {
        type: 'object',
        required: ['type', 'timestamp', 'data'],
        properties: {
          type: { const: type },
          timestamp: { type: 'string', format: 'date-time', description: 'When the event was emitted' },
          data,
        },
      };
      return [
        type,
        {
          post: {
            operationId: `event${type.replace(/(^|\.)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`,
            summary: `The ${type} event`,
            tags: ['Webhook events'],
            parameters: SIGNATURE_HEADERS,
            requestBody: { required: true, content: { 'application/json': { schema: body } } },
            responses: {
              '2XX': { description: 'Received: no more attempts' },
              '410': { description: 'Gone: the endpoint is disabled and nothing more is sent' },
              default: {
                description: 'Anything else: tried again (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)',
              },
            },
          },
        },
      ];
    }),
  );
}
