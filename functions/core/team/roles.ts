import { assertNever } from '../assert-never';

/**
 * Who works in the console: `admin` (users, settings, everything), `marketer`
 * (templates, rules, campaigns, segments, every customer to read), `owner`
 * (a salesperson: the customers whose `owner.email` is theirs, their replies
 * and their call tasks).
 */
export const ROLES = ['admin', 'marketer', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Everyone signed in. */
export const EVERY_ROLE: readonly Role[] = ROLES;
/** Those who write the letters and plan the sends. */
export const CONTENT_ROLES: readonly Role[] = ['admin', 'marketer'];
/** Those who look after customers one by one: the owner, and the admin standing in. */
export const CARE_ROLES: readonly Role[] = ['admin', 'owner'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];

/** A person with an account, as a request knows them. */
export interface TeamMember {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string;
}

/**
 * Who a request comes from: a person signed in, a backend system with an API
 * key (a machine admin), or the console's shared password (kept for
 * compatibility: an admin without a name).
 */
export type Principal =
  | { kind: 'user'; user: TeamMember }
  | { kind: 'api-key'; keyId: string }
  | { kind: 'console-password' };

/** Who made a change, as the audit trail and version histories name them. */
export interface Actor {
  /** A user id (`u-…`), an API key id (`key:…`) or `console-password`. */
  id: string;
  name: string;
}

/** @example roleOf({ kind: 'api-key', keyId: 'key:3f2a…' }) // 'admin' */
export function roleOf(principal: Principal): Role {
  switch (principal.kind) {
    case 'user':
      return principal.user.role;
    case 'api-key':
    case 'console-password':
      return 'admin';
    default:
      return assertNever(principal);
  }
}

/** @example actorOf({ kind: 'user', user }) // { id: 'u-1', name: 'Lin Wei <lin.wei@shop.example>' } */
export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'user':
      return { id: principal.user.id, name: `${principal.user.name} <${principal.user.email}>` };
    case 'api-key':
      return { id: principal.keyId, name: `API key ${principal.keyId.slice('key:'.length)}` };
    case 'console-password':
      return { id: 'console-password', name: 'console password' };
    default:
      return assertNever(principal);
  }
}

/** Whose customers a request may see: every one, or those of one owner (by email, lower-cased). */
export type CustomerScope = { kind: 'all' } | { kind: 'owner'; email: string };

export const ALL_CUSTOMERS: CustomerScope = { kind: 'all' };

/** @example scopeOf({ kind: 'user', user: { role: 'owner', email: 'Li.Lei@shop.example', … } }) // { kind: 'owner', email: 'li.lei@shop.example' } */
export function scopeOf(principal: Principal): CustomerScope {
  if (principal.kind !== 'user') return ALL_CUSTOMERS;
  const { role, email } = principal.user;
  switch (role) {
    case 'owner':
      return { kind: 'owner', email: email.toLowerCase() };
    case 'admin':
    case 'marketer':
      return ALL_CUSTOMERS;
    default:
      return assertNever(role);
  }
}

/**
 * Whether a customer is inside the scope: an owner's are those whose
 * `owner.email` is theirs (case aside); a customer without an owner is nobody's.
 * @example inScope({ kind: 'owner', email: 'li.lei@shop.example' }, { owner: { name: '李雷', email: 'LI.LEI@shop.example' } }) // true
 */
export function inScope(scope: CustomerScope, customer: { owner?: { email?: string } | undefined }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'owner':
      return customer.owner?.email?.toLowerCase() === scope.email;
    default:
      return assertNever(scope);
  }
}
