import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOperations } from '../../functions/http/openapi';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { type ConsoleCaller, joinTeam } from '../support/team';

type Who = 'admin' | 'marketer' | 'owner';
const ALL: Who[] = ['admin', 'marketer', 'owner'];
const CONTENT: Who[] = ['admin', 'marketer'];

/**
 * Who may call what, as issue 15 puts it: admins everything; marketers the
 * templates, rules, campaigns, segments, stats and every customer to read;
 * owners their customers, their inbox and their tasks; users and the audit
 * trail for admins alone. Written out here, not read from the code.
 */
const EXPECTED: Record<string, Who[]> = {
  'GET /v1/customers': ALL,
  'GET /v1/customers/export.csv': ALL,
  'PUT /v1/customers/{customerId}': ['admin'],
  'POST /v1/customers/batch': ['admin'],
  'GET /v1/customers/{customerId}': ALL,
  'GET /v1/customers/{customerId}/forecast': ALL,
  'POST /v1/customers/{customerId}/messages': ALL,
  'POST /v1/customers/{customerId}/answers': ['admin', 'owner'],
  'POST /v1/customers/{customerId}/tasks/{taskId}/done': ['admin', 'owner'],
  'POST /v1/customers/{customerId}/tasks/{taskId}/undo': ['admin', 'owner'],
  'GET /v1/templates': CONTENT,
  'POST /v1/templates': CONTENT,
  'GET /v1/templates/{id}': CONTENT,
  'GET /v1/templates/{id}/sources/{locale}/{channel}/versions': CONTENT,
  'PUT /v1/templates/{id}/sources/{locale}/{channel}': CONTENT,
  'POST /v1/templates/{id}/sources/{locale}/{channel}/revert': CONTENT,
  'POST /v1/templates/{id}/preview': CONTENT,
  'POST /v1/templates/{id}/test-send': CONTENT,
  'GET /v1/rules': CONTENT,
  'PUT /v1/rules/{id}': CONTENT,
  'GET /v1/sequences': CONTENT,
  'POST /v1/sequences': CONTENT,
  'GET /v1/sequences/{id}': CONTENT,
  'PUT /v1/sequences/{id}': CONTENT,
  'POST /v1/sequences/{id}/dry-run': CONTENT,
  'POST /v1/sequences/{id}/enrol': CONTENT,
  'POST /v1/sequences/{id}/exit': CONTENT,
  'GET /v1/sequences/{id}/stats': CONTENT,
  'GET /v1/stats/templates': CONTENT,
  'GET /v1/stats/weekly': CONTENT,
  'GET /v1/stats/value-curve': CONTENT,
  'GET /v1/inbox': ALL,
  'GET /v1/tasks': ALL,
  'POST /v1/segments': CONTENT,
  'GET /v1/segments': CONTENT,
  'POST /v1/segments/count': CONTENT,
  'GET /v1/segments/{id}': CONTENT,
  'GET /v1/segments/{id}/count': CONTENT,
  'POST /v1/campaigns': CONTENT,
  'GET /v1/campaigns': CONTENT,
  'GET /v1/campaigns/{id}': CONTENT,
  'POST /v1/campaigns/{id}/cancel': CONTENT,
  'GET /v1/users': ['admin'],
  'POST /v1/users': ['admin'],
  'GET /v1/users/{id}': ['admin'],
  'PATCH /v1/users/{id}': ['admin'],
  'DELETE /v1/users/{id}': ['admin'],
  'POST /v1/users/{id}/password-reset': ['admin'],
  'GET /v1/audit': ['admin'],
  'GET /v1/calendars': ALL,
  'GET /v1/calendars/{country}': ALL,
  'GET /v1/webhook-endpoints': ['admin'],
  'POST /v1/webhook-endpoints': ['admin'],
  'GET /v1/webhook-endpoints/{id}': ['admin'],
  'PATCH /v1/webhook-endpoints/{id}': ['admin'],
  'DELETE /v1/webhook-endpoints/{id}': ['admin'],
  'GET /v1/webhook-endpoints/{id}/deliveries': ['admin'],
  'POST /v1/webhook-endpoints/{id}/replay': ['admin'],
  'GET /v1/suppressions': CONTENT,
  'PUT /v1/suppressions/{address}': ['admin'],
  'DELETE /v1/suppressions/{address}': ['admin'],
  'GET /v1/customers/{customerId}/export': ['admin'],
  'DELETE /v1/customers/{customerId}': ['admin'],
};

/** A concrete path for an operation's: ids that exist nowhere, so no call changes anything. */
const concrete = (path: string) =>
  path
    .replace('{customerId}', 'c-nobody')
    .replace('{taskId}', 't-nothing')
    .replace('{locale}', 'en')
    .replace('{channel}', 'email')
    .replace('{id}', path.startsWith('/v1/users') ? 'u-nobody' : 'nothing-here');

describe('each route admits the roles it should, and refuses the rest with 403', () => {
  let engine: TestEngine;
  const callers: Partial<Record<Who, ConsoleCaller>> = {};
  beforeAll(async () => {
    engine = await startTestEngine();
    for (const role of ALL) {
      const email = `${role}@shop.example`;
      callers[role] = (
        await joinTeam(engine.app, { email, name: role, role }, 'a long enough passphrase')
      ).caller;
    }
  });
  afterAll(async () => engine.dispose());

  it('has an expectation for every operation behind the API key or a session, and for nothing else', () => {
    const keyed = apiOperations()
      .filter((o) => o.auth === 'api-key')
      .map((o) => `${o.method.toUpperCase()} ${o.path}`)
      .sort();
    expect(keyed).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s: %j', async (route, allowed) => {
    const [method, path] = route.split(' ') as [string, string];
    const body = method === 'GET' ? undefined : {};
    for (const role of ALL) {
      const response = await callers[role]!.call(method, concrete(path), body);
      const answer = await response.text();
      if (allowed.includes(role)) {
        expect([401, 403], `${role}: ${answer}`).not.toContain(response.status);
      } else {
        expect(response.status, `${role}: ${answer}`).toBe(403);
        expect(JSON.parse(answer).error).toMatch(new RegExp(`^a ${role} may not ${method} `));
      }
    }
    // A backend's API key acts as an admin everywhere.
    const keyed = await engine.call(method, concrete(path), body);
    expect([401, 403]).not.toContain(keyed.status);
  });

  it('refuses a route outside every operation to everyone but admins', async () => {
    expect((await callers.owner!.call('GET', '/v1/no-such-thing')).status).toBe(403);
    expect((await callers.admin!.call('GET', '/v1/no-such-thing')).status).toBe(404);
  });
});
