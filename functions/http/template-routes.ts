import { Hono } from 'hono';
import * as z from 'zod';
import { CONTENT_ROLES } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import {
  createTemplate,
  revertTemplateSource,
  rulesUsing,
  type SourceKey,
  saveTemplateSource,
  sourceHistory,
  templateSources,
} from '../engine/content/content-edits';
import { previewTemplate, sampleVariables, variableNames } from '../engine/content/preview';
import { sendTest } from '../engine/content/test-send';
import type { EngineDeps } from '../engine/deps';
import { actorFor, principalOf } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';

const templateId = z.lazy(() =>
  z.string().regex(/^[a-z0-9-]+$/, 'must be a template name such as monthly-letter'),
);
const idParams = z.lazy(() => z.object({ id: templateId }));
const locale = z.lazy(() =>
  z.string().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*$/, 'must be a locale such as zh-CN'),
);
const sourceParams = z.lazy(() => z.object({ id: templateId, locale, channel: z.enum(['email', 'sms']) }));

const liquid = z.lazy(() => z.string().max(100_000));
const draftSchema = z.lazy(() =>
  z.strictObject({ subject: liquid.optional(), body: liquid, text: liquid.optional() }),
);
const versionNumber = z.lazy(() => z.number().int().min(0));

const previewSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: z.string().min(1).optional(),
      customer: z.record(z.string(), z.unknown()).optional(),
      locale: locale.optional(),
      channel: z.enum(['email', 'sms']),
      draft: draftSchema.optional(),
    })
    .refine((v) => v.customerId !== undefined || v.customer !== undefined, {
      message: 'give customerId or customer',
      path: ['customerId'],
    }),
);

const saveSchema = z.lazy(() =>
  z.strictObject({
    ...draftSchema.unwrap().shape,
    baseVersion: versionNumber,
    note: z.string().max(500).optional(),
  }),
);

const createSchema = z.lazy(() =>
  z.strictObject({
    id: templateId.unwrap().max(64),
    name: z.string().trim().min(1).max(200),
    locales: z
      .array(z.enum(['zh-CN', 'en']))
      .min(1)
      .max(2),
    channels: z
      .array(z.enum(['email', 'sms']))
      .min(1)
      .max(2),
  }),
);

const testSendSchema = z.lazy(() =>
  z.strictObject({
    channel: z.enum(['email', 'sms']),
    locale,
    to: z.string().trim().min(3).max(254).optional(),
    customerId: z.string().min(1).optional(),
  }),
);

const revertSchema = z.lazy(() =>
  z.strictObject({ version: versionNumber.unwrap().min(1), baseVersion: versionNumber }),
);

const problems = {
  description:
    'The source does not parse or render for the sample customer: `{ error, errors: [{ field, line, column, message }] }`',
};

/** The `/v1/templates` operations, for the OpenAPI document. */
export const templateOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/templates',
    tag: 'Templates',
    summary: 'Every template, its locales and channels, the rules using it and each source’s live version',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    responses: { 200: { description: '`{ templates: [{ id, locales, subject, usedBy, versions }] }`' } },
  },
  {
    method: 'post',
    path: '/v1/templates',
    tag: 'Templates',
    summary: 'Create a template: version 1 of each locale and channel asked for, to be written over',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    body: createSchema,
    responses: {
      201: { description: '`{ id, sources: [{ locale, channel, version }] }`' },
      400: { description: 'The id is not a slug such as spring-offer, or a field is missing' },
      409: { description: 'A template of that id exists' },
    },
  },
  {
    method: 'get',
    path: '/v1/templates/{id}',
    tag: 'Templates',
    summary: 'A template’s live sources, with their versions',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: idParams,
    responses: {
      200: {
        description:
          '`{ id, usedBy, sources: [...], variables: ["customer.name", …] }`: the names it may read',
      },
      404: { description: 'No such template' },
    },
  },
  {
    method: 'get',
    path: '/v1/templates/{id}/sources/{locale}/{channel}/versions',
    tag: 'Templates',
    summary:
      'A source’s versions, newest first, each with its author (`by`, `byName`; the file in templates/ is version 1)',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sourceParams,
    responses: { 200: { description: '`{ versions: [...] }`' }, 404: { description: 'No such source' } },
  },
  {
    method: 'put',
    path: '/v1/templates/{id}/sources/{locale}/{channel}',
    tag: 'Templates',
    summary: 'Save a source as a new version',
    description: 'Live within a minute in every container; each send uses the version live when it renders.',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sourceParams,
    body: saveSchema,
    responses: {
      201: { description: '`{ version }`' },
      400: { description: 'A field is missing or does not fit the channel' },
      409: { description: '`baseVersion` is not the live version: someone saved meanwhile' },
      422: problems,
    },
  },
  {
    method: 'post',
    path: '/v1/templates/{id}/sources/{locale}/{channel}/revert',
    tag: 'Templates',
    summary: 'Save an earlier version’s text again, as a new version',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: sourceParams,
    body: revertSchema,
    responses: {
      201: { description: '`{ version }`' },
      409: { description: '`baseVersion` is not the live version' },
      422: problems,
    },
  },
  {
    method: 'post',
    path: '/v1/templates/{id}/preview',
    tag: 'Templates',
    summary: 'Render the live source, or an unsaved draft, for a customer',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: idParams,
    body: previewSchema,
    responses: {
      200: { description: '`{ channel, subject?, html?, text, segments?, template, locale }`' },
      404: { description: 'No such template or customer' },
      422: problems,
    },
  },
  {
    method: 'post',
    path: '/v1/templates/{id}/test-send',
    tag: 'Templates',
    summary: 'Send the live source, marked as a test, to one’s own address (or `to`)',
    description:
      'Rendered for the sample customer or `customerId`, sent through the send queue and the provider; ' +
      'on no customer’s timeline, under no frequency cap. Without `to`, an email goes to the signed-in user.',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: idParams,
    body: testSendSchema,
    responses: {
      201: { description: '`{ messageId, to, subject? }`' },
      400: { description: 'No address to send to, or a field out of shape' },
      404: { description: 'No such template or customer' },
      422: problems,
      502: { description: 'The provider refused the message' },
    },
  },
];

interface TemplateSummary {
  id: string;
  locales: Record<string, string[]>;
  subject: Record<string, string>;
  /** The live version of each source, by `<locale>/<channel>`. */
  versions: Record<string, number>;
  usedBy: string[];
}

/** `/v1/templates`: what marketers wrote, its versions, and how it renders for a customer. */
export function templateRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  const sourceOf = (params: unknown): SourceKey => {
    const { id, locale, channel } = parseOrThrow(sourceParams, params, 'template source');
    return { kind: 'template', template: id, locale, channel };
  };

  app.get('/', async (c) => {
    const templates: TemplateSummary[] = [];
    for (const name of new Set(deps.templates.list().map((s) => s.name))) {
      const entry: TemplateSummary = { id: name, locales: {}, subject: {}, versions: {}, usedBy: [] };
      for (const source of await templateSources(deps, name)) {
        entry.locales[source.locale] = [...(entry.locales[source.locale] ?? []), source.channel];
        if (source.subject) entry.subject[source.locale] = source.subject;
        entry.versions[`${source.locale}/${source.channel}`] = source.version;
      }
      templates.push({ ...entry, usedBy: rulesUsing(deps.rules, name) });
    }
    return c.json({ templates });
  });

  app.post('/', async (c) => {
    const request = parseOrThrow(createSchema, await jsonBody(c), 'template');
    const unique = {
      ...request,
      locales: [...new Set(request.locales)],
      channels: [...new Set(request.channels)],
    };
    return c.json(await createTemplate(deps, unique, actorFor(c)), 201);
  });

  app.get('/:id', async (c) => {
    const { id } = parseOrThrow(idParams, c.req.param(), 'template');
    const sources = await templateSources(deps, id);
    if (sources.length === 0) return c.json({ error: `no template named ${id}` }, 404);
    const sample = deps.content.files.sampleCustomer;
    const variables = variableNames(sampleVariables(deps, sample, id, 'email', sample.locale));
    return c.json({ id, usedBy: rulesUsing(deps.rules, id), sources, variables });
  });

  app.get('/:id/sources/:locale/:channel/versions', async (c) => {
    const versions = await sourceHistory(deps, sourceOf(c.req.param()));
    return c.json({ versions: versions.map(({ content, ...v }) => ({ ...v, ...content })) });
  });

  app.put('/:id/sources/:locale/:channel', async (c) => {
    const key = sourceOf(c.req.param());
    const edit = parseOrThrow(saveSchema, await jsonBody(c), 'template source');
    return c.json(await saveTemplateSource(deps, key, edit, actorFor(c)), 201);
  });

  app.post('/:id/sources/:locale/:channel/revert', async (c) => {
    const key = sourceOf(c.req.param());
    const revert = parseOrThrow(revertSchema, await jsonBody(c), 'revert');
    return c.json(await revertTemplateSource(deps, key, revert, actorFor(c)), 201);
  });

  app.post('/:id/preview', async (c) => {
    const { id: template } = parseOrThrow(idParams, c.req.param(), 'template');
    const request = parseOrThrow(previewSchema, await jsonBody(c), 'preview request');
    if (!request.draft && !deps.templates.has(template)) {
      return c.json({ error: `no template named ${template}` }, 404);
    }
    return c.json(await previewTemplate(deps, { ...request, template }));
  });

  app.post('/:id/test-send', async (c) => {
    const { id: template } = parseOrThrow(idParams, c.req.param(), 'template');
    const request = parseOrThrow(testSendSchema, await jsonBody(c), 'test send');
    const principal = principalOf(c);
    const userEmail = principal.kind === 'user' ? principal.user.email : undefined;
    return c.json(await sendTest(deps, { ...request, template }, userEmail), 201);
  });

  return app;
}
