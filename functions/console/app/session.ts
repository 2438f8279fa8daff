import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

import type { Role, TeamMember } from '../../core/team/roles';

export type { Role };

/** What `GET /console/api/session` answers: who is signed in, in which role. */
export interface Session {
  signedIn: boolean;
  csrfToken?: string;
  expiresAt?: string;
  role?: Role;
  name?: string;
  user?: TeamMember;
}

export const SessionContext = createContext<Session>({ signedIn: false });

/** The signed-in session (its role decides what a page offers; the API enforces it anyway). */
export function useSession(): Session {
  return useContext(SessionContext);
}

/** The console's sections and the roles that may open each: what the navigation shows. */
export const SECTIONS: { path: string; roles: readonly Role[] }[] = [
  { path: 'home', roles: ['owner'] },
  { path: 'dashboard', roles: ['admin', 'marketer'] },
  { path: 'templates', roles: ['admin', 'marketer'] },
  { path: 'rules', roles: ['admin', 'marketer'] },
  { path: 'sequences', roles: ['admin', 'marketer'] },
  { path: 'calendar', roles: ['admin', 'marketer'] },
  { path: 'customers', roles: ['admin', 'marketer', 'owner'] },
  { path: 'campaigns', roles: ['admin', 'marketer'] },
  { path: 'inbox', roles: ['admin', 'marketer'] },
  { path: 'import', roles: ['admin'] },
  { path: 'users', roles: ['admin'] },
  { path: 'audit', roles: ['admin'] },
  { path: 'webhooks', roles: ['admin'] },
  { path: 'suppressions', roles: ['admin', 'marketer'] },
];

/** The sections a role may open, in the navigation's order. */
export function sectionsFor(role: Role | undefined): string[] {
  return SECTIONS.filter((s) => role !== undefined && s.roles.includes(role)).map((s) => s.path);
}
