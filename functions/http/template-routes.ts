import { Hono } from 'hono';
import * as z from 'zod';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from '../engine/deps';
import { previewTemplate } from '../engine/preview';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';

export const previewRequestSchema = z
  .strictObject({
    customerId: z.string().min(1).optional(),
    customer: z.record(z.string(), z.unknown()).optional(),
    locale: z.string().min(2).max(35).optional(),
    channel: z.enum(['email', 'sms']),
  })
  .refine((v) => v.customerId !== undefined || v.customer !== undefined, {
    message: 'give customerId or customer',
    path: ['customerId'],
  });

/** The template routes as the OpenAPI document describes them. */
export const templateOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/v1/templates',
    tag: 'Templates',
    summary: 'The templates: locales and channels of each, and the rules using it',
    auth: 'api-key',
    responses: { 200: { description: '`{ templates: [{ id, locales, subject, usedBy }] }`' } },
  },
  {
    method: 'post',
    path: '/v1/templates/{id}/preview',
    tag: 'Templates',
    summary: 'Render a template for a stored customer or a customer given in place',
    auth: 'api-key',
    params: z.object({ id: z.string().min(1) }),
    body: previewRequestSchema,
    responses: {
      200: { description: '`{ channel, subject?, html?, text, segments?, template, locale }`' },
      400: { description: 'Invalid request' },
      404: { description: 'No such template or customer' },
      422: { description: 'The template does not render' },
    },
  },
];

/** `/v1/templates`: what marketers wrote, and how it renders for a customer. */
export function templateRoutes(deps: EngineDeps): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const byName = new Map<
      string,
      { id: string; locales: Record<string, string[]>; subject: Record<string, string> }
    >();
    for (const source of deps.templates.list()) {
      const entry = byName.get(source.name) ?? { id: source.name, locales: {}, subject: {} };
      entry.locales[source.locale] = [...(entry.locales[source.locale] ?? []), source.channel];
      if (source.subject) entry.subject[source.locale] = source.subject;
      byName.set(source.name, entry);
    }
    const usedBy = (id: string) => [
      ...deps.rules.cadences
        .filter((r) =>
          r.kind === 'festival'
            ? Object.values(deps.rules.festivals.festivals).some((f) => f.template === id)
            : r.kind === 'order-progress'
              ? Object.values(r.stages).includes(id)
              : r.template === id,
        )
        .map((r) => r.id),
      ...(deps.rules.chase.steps.some((s) => s.template === id) ? ['chase'] : []),
    ];
    return c.json({ templates: [...byName.values()].map((t) => ({ ...t, usedBy: usedBy(t.id) })) });
  });

  app.post('/:id/preview', async (c) => {
    const template = c.req.param('id');
    const request = parseOrThrow(previewRequestSchema, await jsonBody(c), 'preview request');
    if (!deps.templates.has(template)) {
      return c.json({ error: `no template named ${template}` }, 404);
    }
    return c.json(await previewTemplate(deps, { ...request, template }));
  });

  return app;
}
