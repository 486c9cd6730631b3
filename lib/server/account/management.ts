import 'server-only';
import { Failure } from '../platform/failure';
import { hashPassword, passwordProblem } from '../identity/password';
import { findPasskeyOfUser, listPasskeys, renamePasskey } from '../webauthn/passkey';
import { passkeyView, type PasskeyView } from '../webauthn/passkey-view';
import { isRecentlyAuthenticated, requireRecentAuthentication } from './reauthentication';
import { ACCOUNT_ACTIVITY_TYPES, firstEventOf, listEvents, recordEvent, type ClientInfo } from '../audit/security-events';
import {
  endOtherSessions as endOtherSessionsOf,
  endSessionByPublicId,
  listSessions,
  publicSessionId,
  type CurrentSession,
} from '../identity/session';
import { removeSignInMethod, setPasswordHash, signInMethodsOf, signInNameOf, updateDisplayName } from '../identity/user';
import { describeUserAgent } from '../audit/user-agent';

// What a signed-in person can do to their own account: passkeys, password, display name,
// sessions. Every operation is scoped to the session's account, so another account's ids
// are simply not found.

export { passkeyView, type PasskeyView };

export async function accountPasskeys(userId: string): Promise<PasskeyView[]> {
  return (await listPasskeys(userId)).map(passkeyView);
}

export async function accountSessions(current: CurrentSession) {
  const sessions = await listSessions(current.user.id);
  return sessions.map((s) => ({
    id: publicSessionId(s.id),
    device: describeUserAgent(s.userAgent),
    ipAddress: s.ipAddress,
    authMethod: s.authMethod,
    signedInAt: s.createdAt.toISOString(),
    authenticatedAt: s.authenticatedAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    current: s.id === current.session.id,
  }));
}

export type SessionView = Awaited<ReturnType<typeof accountSessions>>[number];

/** The first page of the account holder's own activity (never the upgrade's internal steps). */
export async function accountActivity(userId: string, options: { limit?: number; before?: string | null } = {}) {
  const page = await listEvents(userId, { ...options, types: ACCOUNT_ACTIVITY_TYPES });
  return {
    events: page.events.map((e) => ({
      id: e.id,
      type: e.type,
      detail: e.detail,
      ipAddress: e.ipAddress,
      userAgent: e.userAgent,
      createdAt: e.createdAt.toISOString(),
    })),
    next: page.next,
  };
}

export type ActivityView = Awaited<ReturnType<typeof accountActivity>>['events'][number];

/**
 * Everything the account page shows, as GET /api/account returns it. `asOf` is the server's
 * clock before any of it was read, so the page can tell which of two snapshots is newer and
 * never let an older answer, arriving late, undo a newer one.
 */
export async function accountSnapshot(current: CurrentSession) {
  const asOf = new Date().toISOString();
  const { user, session } = current;
  const [methods, passkeys, sessions, activity, signInName] = await Promise.all([
    signInMethodsOf(user.id),
    accountPasskeys(user.id),
    accountSessions(current),
    accountActivity(user.id, { limit: 10 }),
    signInNameOf(user.id),
  ]);
  return {
    asOf,
    user: {
      id: user.id,
      email: user.email,
      emailVerified: user.emailVerifiedAt !== null,
      displayName: user.displayName,
      webauthnUserId: user.webauthnUserId,
      // The username the password manager holds: what the Signal API reports as the name.
      signInName: signInName ?? user.email,
    },
    session: {
      authMethod: session.authMethod,
      authenticatedAt: session.authenticatedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      recentlyAuthenticated: isRecentlyAuthenticated(current),
    },
    hasPassword: methods.password,
    passkeys,
    sessions,
    activity,
  };
}

export type AccountSnapshot = Awaited<ReturnType<typeof accountSnapshot>>;

export async function renameAccountPasskey(current: CurrentSession, id: string, name: string, client: ClientInfo) {
  if (!(await renamePasskey(current.session, id, name))) throw passkeyNotFound();
  await recordEvent('passkey.renamed', current.user.id, client, { passkey: id, name });
  const passkey = await findPasskeyOfUser(current.user.id, id);
  return passkeyView(passkey!);
}

export async function removeAccountPasskey(current: CurrentSession, id: string, client: ClientInfo) {
  requireRecentAuthentication(current);
  const passkey = await findPasskeyOfUser(current.user.id, id);
  if (!passkey) throw passkeyNotFound();
  const outcome = await removeSignInMethod(current.session, { passkeyId: id });
  if (outcome === 'not_found') throw passkeyNotFound();
  if (outcome === 'last_method') {
    throw new Failure('last_sign_in_method', 'This is your only way to sign in. Set a password or add another passkey first.');
  }
  await recordEvent('passkey.removed', current.user.id, client, { passkey: id, name: passkey.name });
  return { removed: passkeyView(passkey), remaining: await accountPasskeys(current.user.id) };
}

export async function removeAccountPassword(current: CurrentSession, client: ClientInfo) {
  requireRecentAuthentication(current);
  const outcome = await removeSignInMethod(current.session, { password: true });
  if (outcome === 'not_found') throw new Failure('no_password', 'This account has no password.');
  if (outcome === 'last_method') {
    throw new Failure('last_sign_in_method', 'Add a passkey before removing your password: it is your only way to sign in.');
  }
  await recordEvent('password.removed', current.user.id, client);
  // The funnel's last step: an account that was offered the upgrade now signs in without a password.
  if (await firstEventOf(current.user.id, 'upgrade.offered')) {
    await recordEvent('upgrade.password_removed', current.user.id, client);
  }
}

export async function setAccountPassword(current: CurrentSession, password: string, client: ClientInfo) {
  requireRecentAuthentication(current);
  const problem = passwordProblem(password, { email: current.user.email });
  if (problem) throw new Failure('weak_password', problem, { fields: { password: problem } });
  const result = await setPasswordHash(current.session, await hashPassword(password));
  await recordEvent(result === 'set' ? 'password.set' : 'password.changed', current.user.id, client);
  return result;
}

export async function changeDisplayName(current: CurrentSession, displayName: string, client: ClientInfo) {
  await updateDisplayName(current.session, displayName);
  await recordEvent('profile.updated', current.user.id, client, { field: 'displayName' });
}

export async function endSession(current: CurrentSession, publicId: string, client: ClientInfo) {
  if (publicId === publicSessionId(current.session.id)) {
    throw new Failure('current_session', 'This is the session you are using. Sign out instead.');
  }
  if (!(await endSessionByPublicId(current.session, publicId))) {
    throw new Failure('session_not_found', 'No such session on your account.');
  }
  await recordEvent('session.ended', current.user.id, client);
}

export async function endOtherSessions(current: CurrentSession, client: ClientInfo): Promise<number> {
  const ended = await endOtherSessionsOf(current.session);
  await recordEvent('session.ended_others', current.user.id, client, { count: ended });
  return ended;
}

export { signInMethodsOf };

function passkeyNotFound() {
  return new Failure('passkey_not_found', 'No such passkey on your account.');
}
