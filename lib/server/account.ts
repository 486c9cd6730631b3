import 'server-only';
import { HttpError } from './http';
import { hashPassword, passwordProblem } from './password';
import { findPasskeyOfUser, listPasskeys, renamePasskey, type PasskeyRecord } from './passkey';
import { providerName } from './passkey-providers';
import { requireRecentAuthentication } from './reauthentication';
import { recordEvent, type ClientInfo } from './security-events';
import {
  deleteOtherSessions,
  deleteSessionByPublicId,
  listSessions,
  publicSessionId,
  type CurrentSession,
} from './session';
import { removeSignInMethod, setPasswordHash, signInMethodsOf, updateDisplayName } from './user';
import { describeUserAgent } from './user-agent';

// What a signed-in person can do to their own account: passkeys, password, display name,
// sessions. Every operation is scoped to the session's account, so another account's ids
// are simply not found.

export function passkeyView(passkey: PasskeyRecord) {
  return {
    id: passkey.id,
    credentialId: passkey.credentialId,
    name: passkey.name,
    provider: providerName(passkey.aaguid),
    createdVia: passkey.createdVia,
    synced: passkey.backupState,
    backupEligible: passkey.backupEligible,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
  };
}

export type PasskeyView = ReturnType<typeof passkeyView>;

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

export async function renameAccountPasskey(current: CurrentSession, id: string, name: string, client: ClientInfo) {
  if (!(await renamePasskey(current.user.id, id, name))) throw passkeyNotFound();
  await recordEvent('passkey.renamed', current.user.id, client, { passkey: id, name });
  const passkey = await findPasskeyOfUser(current.user.id, id);
  return passkeyView(passkey!);
}

export async function removeAccountPasskey(current: CurrentSession, id: string, client: ClientInfo) {
  requireRecentAuthentication(current);
  const passkey = await findPasskeyOfUser(current.user.id, id);
  if (!passkey) throw passkeyNotFound();
  const outcome = await removeSignInMethod(current.user.id, { passkeyId: id });
  if (outcome === 'not_found') throw passkeyNotFound();
  if (outcome === 'last_method') {
    throw new HttpError(409, 'last_sign_in_method', 'This is your only way to sign in. Set a password or add another passkey first.');
  }
  await recordEvent('passkey.removed', current.user.id, client, { passkey: id, name: passkey.name });
  return { removed: passkeyView(passkey), remaining: await accountPasskeys(current.user.id) };
}

export async function removeAccountPassword(current: CurrentSession, client: ClientInfo) {
  requireRecentAuthentication(current);
  const outcome = await removeSignInMethod(current.user.id, { password: true });
  if (outcome === 'not_found') throw new HttpError(404, 'no_password', 'This account has no password.');
  if (outcome === 'last_method') {
    throw new HttpError(409, 'last_sign_in_method', 'Add a passkey before removing your password: it is your only way to sign in.');
  }
  await recordEvent('password.removed', current.user.id, client);
}

export async function setAccountPassword(current: CurrentSession, password: string, client: ClientInfo) {
  requireRecentAuthentication(current);
  const problem = passwordProblem(password, { email: current.user.email });
  if (problem) throw new HttpError(400, 'weak_password', problem, { password: problem });
  const result = await setPasswordHash(current.user.id, await hashPassword(password));
  await recordEvent(result === 'set' ? 'password.set' : 'password.changed', current.user.id, client);
  return result;
}

export async function changeDisplayName(current: CurrentSession, displayName: string, client: ClientInfo) {
  await updateDisplayName(current.user.id, displayName);
  await recordEvent('profile.updated', current.user.id, client, { field: 'displayName' });
}

export async function endSession(current: CurrentSession, publicId: string, client: ClientInfo) {
  if (publicId === publicSessionId(current.session.id)) {
    throw new HttpError(400, 'current_session', 'This is the session you are using. Sign out instead.');
  }
  if (!(await deleteSessionByPublicId(current.user.id, publicId))) {
    throw new HttpError(404, 'session_not_found', 'No such session on your account.');
  }
  await recordEvent('session.ended', current.user.id, client);
}

export async function endOtherSessions(current: CurrentSession, client: ClientInfo): Promise<number> {
  const ended = await deleteOtherSessions(current.user.id, current.session.id);
  await recordEvent('session.ended_others', current.user.id, client, { count: ended });
  return ended;
}

export { signInMethodsOf };

function passkeyNotFound() {
  return new HttpError(404, 'passkey_not_found', 'No such passkey on your account.');
}
