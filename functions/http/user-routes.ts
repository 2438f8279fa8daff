import { Hono } from 'hono';
import * as z from 'zod';
import { ADMIN_ONLY, ROLES } from '../core/team/roles';
import { USER_LOCALES, userIdSchema, userInputSchema, userPatchSchema } from '../core/team/users';
import { parseOrThrow } from '../core/validation';
import type { EngineDeps } from '../engine/deps';
import { getUser, inviteUser, issueResetLink, listUsers, removeUser, updateUser } from '../engine/team/users';
import { actorFor } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';

const userPath = z.lazy(() => z.object({ id: userIdSchema }));
const userView = z.lazy(() =>
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    locale: z.enum(USER_LOCALES),
    status: z.enum(['invited', 'active']),
    createdAt: z.string(),
    updatedAt: z.string(),
    passwordSetAt: z.string().optional(),
  }),
);
const linkDescription =
  'a one-time link to the console page that sets a password, carrying its token as `?token=`';

/** The `/v1/users` operations: the team, for admins only. */
export const userOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/users',
    tag: 'Users',
    summary: 'The team: every user with their role and whether they have chosen a password',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    responses: { 200: { description: '`{ users }`', schema: z.object({ users: z.array(userView) }) } },
  },
  {
    method: 'post',
    path: '/v1/users',
    tag: 'Users',
    summary: 'Invite a user: their account, and a setup link (valid a week) to pass on to them',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    body: userInputSchema,
    responses: {
      201: {
        description: `\`{ user, setupLink }\`: ${linkDescription}`,
        schema: z.object({ user: userView, setupLink: z.string() }),
      },
      400: { description: 'A field is invalid' },
      409: { description: 'A user with this email exists already' },
    },
  },
  {
    method: 'get',
    path: '/v1/users/{id}',
    tag: 'Users',
    summary: 'A user',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: userPath,
    responses: { 200: { description: '`{ user }`' }, 404: { description: 'No such user' } },
  },
  {
    method: 'patch',
    path: '/v1/users/{id}',
    tag: 'Users',
    summary: 'Change a user’s email, name, role or locale',
    description: 'A new role or email ends the user’s sessions at once.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: userPath,
    body: userPatchSchema,
    responses: {
      200: { description: '`{ user }`' },
      404: { description: 'No such user' },
      409: { description: 'The email is someone else’s, or this is the only admin losing the role' },
    },
  },
  {
    method: 'delete',
    path: '/v1/users/{id}',
    tag: 'Users',
    summary: 'Remove a user: their sessions end at once',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: userPath,
    responses: {
      200: { description: '`{ removed: id }`' },
      404: { description: 'No such user' },
      409: { description: 'The only admin' },
    },
  },
  {
    method: 'post',
    path: '/v1/users/{id}/password-reset',
    tag: 'Users',
    summary: 'A password reset link (valid a day) to pass on to the user',
    description:
      'Their present password works until they choose a new one; then every session of theirs ends.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: userPath,
    responses: {
      201: { description: `\`{ user, resetLink }\`: ${linkDescription}` },
      404: { description: 'No such user' },
    },
  },
];

/** `/v1/users`: who works in the console, and in which role. */
export function userRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  const idOf = (raw: string) => parseOrThrow(userIdSchema, raw, 'user id');

  app.get('/', async (c) => c.json({ users: await listUsers(deps) }));

  app.post('/', async (c) => {
    const input = parseOrThrow(userInputSchema, await jsonBody(c), 'user');
    return c.json(await inviteUser(deps, input, actorFor(c)), 201);
  });

  app.get('/:id', async (c) => c.json({ user: await getUser(deps, idOf(c.req.param('id'))) }));

  app.patch('/:id', async (c) => {
    const id = idOf(c.req.param('id'));
    const patch = parseOrThrow(userPatchSchema, await jsonBody(c), 'user change');
    return c.json({ user: await updateUser(deps, id, patch, actorFor(c)) });
  });

  app.delete('/:id', async (c) => {
    const id = idOf(c.req.param('id'));
    await removeUser(deps, id, actorFor(c));
    return c.json({ removed: id });
  });

  app.post('/:id/password-reset', async (c) => {
    return c.json(await issueResetLink(deps, idOf(c.req.param('id')), actorFor(c)), 201);
  });

  return app;
}
