import type { Context, MiddlewareHandler } from 'hono';
import { ForbiddenError } from '../core/errors';
import {
  type Actor,
  actorOf,
  type CustomerScope,
  type Principal,
  type Role,
  roleOf,
  scopeOf,
} from '../core/team/roles';
import type { ApiOperation } from './api-operation';

declare module 'hono' {
  interface ContextVariableMap {
    /** Who the request is from, set by the authentication of `/v1/*`. */
    principal: Principal;
  }
}

/** Who the request is from (only on authenticated routes). */
export function principalOf(c: Context): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Error(`no principal on ${c.req.path}: the route is not behind authentication`);
  return principal;
}

/** Who the audit trail and version histories will say made this request's change. */
export function actorFor(c: Context): Actor {
  return actorOf(principalOf(c));
}

/** Whose customers this request may see. */
export function scopeFor(c: Context): CustomerScope {
  return scopeOf(principalOf(c));
}

interface CompiledOperation {
  method: string;
  pattern: RegExp;
  /** Literal segments: `/v1/customers/batch` wins over `/v1/customers/{customerId}`. */
  literals: number;
  roles: readonly Role[];
}

function compile(operation: ApiOperation & { auth: 'api-key' }): CompiledOperation {
  const segments = operation.path.split('/').filter(Boolean);
  const pattern = segments.map((s) =>
    /^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
  );
  return {
    method: operation.method.toUpperCase(),
    pattern: new RegExp(`^/${pattern.join('/')}/?$`),
    literals: segments.filter((s) => !s.startsWith('{')).length,
    roles: operation.roles,
  };
}

/**
 * The roles each operation admits, enforced for every request before its
 * route runs: a route the operations do not list is for admins alone, so a
 * route added without its operation is closed, not open. A role outside the
 * list is a 403 (an owner asking for another's customer is the route's 404).
 * @example app.use('/v1/*', roleCheck(apiOperations()));
 */
export function roleCheck(operations: readonly ApiOperation[]): MiddlewareHandler {
  const compiled = operations.flatMap((o) => (o.auth === 'api-key' ? [compile(o)] : []));
  return async (c, next) => {
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const matches = compiled
      .filter((o) => o.method === method && o.pattern.test(c.req.path))
      .sort((a, b) => b.literals - a.literals);
    const roles = matches[0]?.roles ?? ['admin'];
    const role = roleOf(principalOf(c));
    if (!roles.includes(role)) {
      throw new ForbiddenError(`a ${role} may not ${c.req.method} ${c.req.path} (for ${roles.join(', ')})`);
    }
    await next();
  };
}
