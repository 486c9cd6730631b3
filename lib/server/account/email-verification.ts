import 'server-only';
import { Failure } from '../platform/failure';
import { sendMail } from '../platform/mail';
import { recordEvent, type ClientInfo } from '../audit/security-events';
import {
  EMAIL_LINK_TTL_SECONDS,
  checkEmailLink,
  emailVerifiedAt,
  issueEmailLink,
  useEmailLink,
  type LinkUse,
  type ProverKeeps,
} from '../identity/email-link';
import { createSession, listSessions, type CurrentSession } from '../identity/session';
import { listPasskeys, passkeyIdsCreatedIn } from '../webauthn/passkey';
import { passwordHashOf } from '../identity/user';
import { takeMailLimits } from './mail-limits';
import { verificationMessage } from './mail-messages';
import { linkFailure } from './link-failure';

// Verifying the address. The account works before it is verified, but until then anyone may
// have made it with someone else's address, so the first proof of the address removes what
// was added before it by anyone but the person proving it (docs/decisions/013).

/**
 * Makes a verification link (voiding the older one) and records it; returns the mailing, for
 * the caller to run after the response (an SMTP server may be slow).
 */
export async function newVerificationLink(user: { id: string; email: string }, client: ClientInfo): Promise<() => Promise<void>> {
  const token = await issueEmailLink(user.id, user.email, 'verify_email');
  await recordEvent('email.verification_sent', user.id, client);
  return () => sendMail(verificationMessage(user.email, token, EMAIL_LINK_TTL_SECONDS.verify_email / 3600));
}

/**
 * A signed-in person asks for a new link. The limits are taken before anything else, so they
 * hold however many requests arrive at once.
 */
export async function requestVerificationEmail(current: CurrentSession, client: ClientInfo): Promise<() => Promise<void>> {
  if (current.user.emailVerifiedAt) throw new Failure('already_verified', 'Your email address is already verified.');
  await takeMailLimits('verify_email', current.user.email, client);
  return newVerificationLink({ id: current.user.id, email: current.user.email }, client);
}

/** What the prover keeps: their session, what it created, and the method it signed in with. */
function keepsOf(current: CurrentSession | null, userId: string): ProverKeeps {
  if (!current || current.user.id !== userId) return { sessionId: null, password: false, passkeyIds: [] };
  const { session } = current;
  // What it signed in with, and what it last confirmed with ("Confirm it's you").
  const passkeyIds = [session.authMethod === 'passkey' ? session.passkeyId : null, session.confirmedPasskeyId].filter(
    (id): id is string => id !== null,
  );
  return {
    sessionId: session.id,
    password: session.authMethod === 'password' || session.confirmedWith === 'password',
    passkeyIds,
  };
}

export type VerificationPreview =
  | { ok: false; problem: Failure['code']; message: string }
  | {
      ok: true;
      email: string;
      alreadyVerified: boolean;
      /** Whether this browser is signed in to the account the link is for. */
      signedInAsOwner: boolean;
      /** What verifying here would remove (nothing once the address is verified). */
      wouldRemove: { password: boolean; passkeys: string[]; sessions: number };
    };

/** What the verification page shows before the person confirms. Writes nothing. */
export async function previewVerification(token: string, current: CurrentSession | null): Promise<VerificationPreview> {
  const check = await checkEmailLink(token, 'verify_email');
  if (!check.ok) {
    const failure = linkFailure(check.problem, 'verify_email');
    return { ok: false, problem: failure.code, message: failure.message };
  }
  const keeps = keepsOf(current, check.userId);
  const signedInAsOwner = keeps.sessionId !== null;
  const alreadyVerified = signedInAsOwner ? current!.user.emailVerifiedAt !== null : await isVerified(check.userId);
  if (alreadyVerified) {
    return { ok: true, email: check.email, alreadyVerified, signedInAsOwner, wouldRemove: { password: false, passkeys: [], sessions: 0 } };
  }
  const [passkeys, hash, sessions] = await Promise.all([
    listPasskeys(check.userId),
    passwordHashOf(check.userId),
    listSessions(check.userId),
  ]);
  const createdHere = signedInAsOwner ? await passkeysCreatedIn(check.userId, keeps.sessionId!) : new Set<string>();
  return {
    ok: true,
    email: check.email,
    alreadyVerified,
    signedInAsOwner,
    wouldRemove: {
      password: hash !== null && !keeps.password,
      passkeys: passkeys.filter((p) => !keeps.passkeyIds.includes(p.id) && !createdHere.has(p.id)).map((p) => p.name),
      sessions: sessions.filter((s) => s.id !== keeps.sessionId).length,
    },
  };
}

export type VerificationResult = {
  email: string;
  use: LinkUse;
  /** A new session when the prover had none of this account and the first proof left the
   * account with no way in: they sign in by the link, to set a password or create a passkey. */
  signedIn: { token: string; expiresAt: Date } | null;
};

export async function verifyEmail(token: string, current: CurrentSession | null, client: ClientInfo): Promise<VerificationResult> {
  const check = await checkEmailLink(token, 'verify_email');
  if (!check.ok) throw linkFailure(check.problem, 'verify_email');
  const keeps = keepsOf(current, check.userId);
  const result = await useEmailLink(token, 'verify_email', { keeps });
  if (!result.ok) throw linkFailure(result.problem, 'verify_email');
  const { use } = result;
  if (use.firstProof) {
    await recordEvent('email.verified', use.userId, client);
    await recordSecured(use, client);
  }
  let signedIn: VerificationResult['signedIn'] = null;
  if (use.firstProof && keeps.sessionId === null) {
    const { token: sessionToken, session } = await createSession(use.userId, 'email', client, { stamp: use.stamp });
    signedIn = { token: sessionToken, expiresAt: session.expiresAt };
  }
  return { email: use.email, use, signedIn };
}

/** Records what an address's first proof removed, if anything. */
export async function recordSecured(use: LinkUse, client: ClientInfo): Promise<void> {
  const { removed } = use;
  if (!removed.password && removed.passkeys.length === 0 && removed.sessions === 0) return;
  await recordEvent('account.secured', use.userId, client, {
    password: removed.password,
    passkeys: removed.passkeys.length,
    passkeyNames: removed.passkeys
      .map((p) => p.name)
      .join(', ')
      .slice(0, 500),
    sessions: removed.sessions,
  });
}

async function isVerified(userId: string): Promise<boolean> {
  return (await emailVerifiedAt(userId)) !== null;
}

async function passkeysCreatedIn(userId: string, sessionId: string): Promise<Set<string>> {
  return new Set(await passkeyIdsCreatedIn(userId, sessionId));
}
