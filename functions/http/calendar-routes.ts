import { Hono } from 'hono';
import * as z from 'zod';
import { parseOrThrow } from '../core/validation';
import { calendarIndex, calendarView } from '../engine/calendars/calendar-view';
import type { EngineDeps } from '../engine/deps';
import type { ApiOperation } from './api-operation';

const calendarParams = z.lazy(() =>
  z.object({
    country: z
      .string()
      .regex(/^([A-Za-z]{2}|[a-z]{3,20})$/, 'must be a country code such as CN or a calendar such as jewish'),
  }),
);

const calendarQuery = z.lazy(() =>
  z.strictObject({
    year: z.coerce.number().int('year must be a whole number such as 2027'),
    locale: z
      .string()
      .max(35)
      .refine((value) => {
        try {
          return Intl.getCanonicalLocales(value).length === 1;
        } catch {
          return false;
        }
      }, 'must be a BCP 47 language tag such as zh-CN or en')
      .default('en'),
  }),
);

const entry = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    date: z.string().describe('YYYY-MM-DD, the local date in the country'),
    greetOn: z.string().describe('YYYY-MM-DD, the day the greeting goes'),
    source: z.string().describe('Where the date comes from: the rule and its convention'),
  }),
);

/** The `/v1/calendars` operations, for the OpenAPI document. */
export const calendarOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/calendars',
    tag: 'Calendars',
    summary:
      'The countries and kept calendars the festival catalog greets, and the years their dates are known for',
    auth: 'api-key',
    roles: ['admin', 'marketer', 'owner'],
    responses: { 200: { description: '`{ years: { first, last }, countries, calendars }`' } },
  },
  {
    method: 'get',
    path: '/v1/calendars/{country}',
    tag: 'Calendars',
    summary:
      "A year's festival greetings of a country (or kept calendar), and the business's own occasions there",
    auth: 'api-key',
    roles: ['admin', 'marketer', 'owner'],
    params: calendarParams,
    query: calendarQuery,
    responses: {
      200: {
        description: 'Names in `locale`',
        schema: z.object({
          country: z.string(),
          year: z.number(),
          festivals: z.array(entry),
          occasions: z.array(entry),
        }),
      },
      400: { description: 'The year is outside the computed years, or the locale or country is malformed' },
      404: { description: 'The catalog has no calendar for this country' },
    },
  },
];

/** `/v1/calendars`: the festival calendars, readable by anyone with a key. */
export function calendarRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  app.get('/', async (c) => c.json(await calendarIndex(deps)));
  app.get('/:country', async (c) => {
    const { country } = parseOrThrow(calendarParams, c.req.param(), 'calendar');
    const { year, locale } = parseOrThrow(calendarQuery, c.req.query(), 'calendar request');
    return c.json(await calendarView(deps, country, year, locale));
  });
  return app;
}
