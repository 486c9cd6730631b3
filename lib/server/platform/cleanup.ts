import 'server-only';
import { config } from './config';
import { db } from './db';

// Expired challenges, email links, sessions and rate-limit windows, and security events past their
// retention, are deleted opportunistically: after a response has been sent (Next.js
// `after`), at most once per interval per app instance.
// Nothing depends on the rows being gone (every read checks expiry itself); this only
// keeps the tables small. Several instances may clean at once; the deletes are idempotent.

const INTERVAL_MS = 10 * 60 * 1000;
let lastRun = 0;

export async function deleteExpired(now = new Date()) {
  const idleCutoff = new Date(now.getTime() - config().session.idleTimeoutSeconds * 1000);
  const days = (n: number) => new Date(now.getTime() - n * 24 * 3600 * 1000);
  const retention = config().eventRetentionDays;
  const [challenges, emailTokens, sessions, rateLimits, accountEvents, anonymousEvents] = await Promise.all([
    db.challenge.deleteMany({ where: { expiresAt: { lt: now } } }),
    // A day after expiry, so a link opened late is still told "expired", not "not valid".
    db.emailToken.deleteMany({ where: { expiresAt: { lt: days(1) } } }),
    db.session.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { lastSeenAt: { lt: idleCutoff } }] } }),
    db.rateLimit.deleteMany({ where: { resetAt: { lt: now } } }),
    db.securityEvent.deleteMany({ where: { userId: { not: null }, createdAt: { lt: days(retention.account) } } }),
    // Failed sign-ins for unknown emails and credentials: anyone can cause them.
    db.securityEvent.deleteMany({ where: { userId: null, createdAt: { lt: days(retention.anonymous) } } }),
  ]);
  return {
    challenges: challenges.count,
    emailTokens: emailTokens.count,
    sessions: sessions.count,
    rateLimits: rateLimits.count,
    events: accountEvents.count + anonymousEvents.count,
  };
}

/** True (once per interval per instance) when it is time to run deleteExpired. */
export function claimCleanup(now = Date.now()): boolean {
  if (now - lastRun < INTERVAL_MS) return false;
  lastRun = now;
  return true;
}
