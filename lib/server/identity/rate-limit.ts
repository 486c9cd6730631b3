import 'server-only';
import { db } from '../platform/db';

export { limitAddress } from '@/lib/shared/limit-address';

// Fixed-window counters in the database, so every app instance sees the same counts.
// Each step is one statement, so two instances counting at once cannot lose a count or both
// start a new window. A limit is taken before it is checked (`takeLimit`):
// the count goes up first, atomically, and the caller acts on the count it got, so twelve
// requests at once against a limit of five find counts 1 to 12 and exactly five go ahead,
// on any number of instances.

export type LimitState = { blocked: boolean; retryAfterSeconds: number };

/** Whether `key` has reached `max` in its current window (without counting anything). */
export async function peekLimit(key: string, max: number, now = new Date()): Promise<LimitState> {
  const row = await db.rateLimit.findUnique({ where: { key } });
  if (!row || row.resetAt <= now || row.count < max) return { blocked: false, retryAfterSeconds: 0 };
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((row.resetAt.getTime() - now.getTime()) / 1000)) };
}

/**
 * Adds one to `key`'s count in the current window (starting a new window if there is none or
 * it is over) and returns the count this call made and when its window ends. It is one
 * statement (an upsert that returns the row it wrote), so concurrent calls, on any number of
 * instances, get distinct counts, never one read after someone else's increment. Plain SQL,
 * the same on SQLite and PostgreSQL: every sign-in takes a limit, and Prisma had no one
 * statement for it (it took up to three, each through its query interpreter).
 */
async function countOne(key: string, windowSeconds: number, now: Date): Promise<{ count: number; resetAt: Date }> {
  const resetAt = new Date(now.getTime() + windowSeconds * 1000);
  const [row] = await db.$queryRaw<{ count: number | bigint; resetAt: Date }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" > ${now} THEN "RateLimit"."count" + 1 ELSE 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" > ${now} THEN "RateLimit"."resetAt" ELSE ${resetAt} END
    RETURNING "count", "resetAt"`;
  if (!row) throw new Error(`rate limit ${key}: the upsert returned no row`);
  return { count: Number(row.count), resetAt: row.resetAt };
}

/** Adds one to `key`'s count in its current window and returns the count this call made. */
export async function hitLimit(key: string, windowSeconds: number, now = new Date()): Promise<number> {
  return (await countOne(key, windowSeconds, now)).count;
}

/**
 * Counts one more against `key` and says whether that one is over `max`: the count is taken
 * first, so the answer holds under any concurrency. A refused attempt stays counted.
 */
export async function takeLimit(key: string, max: number, windowSeconds: number, now = new Date()): Promise<LimitState> {
  const { count, resetAt } = await countOne(key, windowSeconds, now);
  if (count <= max) return { blocked: false, retryAfterSeconds: 0 };
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)) };
}

/** Gives back one count taken by `takeLimit` for an attempt that turned out not to count. */
export async function releaseLimit(key: string, now = new Date()): Promise<void> {
  await db.rateLimit.updateMany({ where: { key, count: { gt: 0 }, resetAt: { gt: now } }, data: { count: { decrement: 1 } } });
}

export async function resetLimit(key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}
