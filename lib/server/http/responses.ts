import 'server-only';
import type { SessionRecord } from '../identity/session';
import type { User } from '../identity/user';

// The JSON shapes of an account and a session as the API returns them.

export function userJson(user: Pick<User, 'id' | 'email' | 'displayName'>) {
  return { id: user.id, email: user.email, displayName: user.displayName };
}

export function sessionJson(session: SessionRecord) {
  return {
    authMethod: session.authMethod,
    authenticatedAt: session.authenticatedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  };
}
