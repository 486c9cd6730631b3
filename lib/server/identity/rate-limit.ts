import 'server-only';
import { db, isUniqueViolation } from '../platform/db';

export { limitAddress } from '@/lib/shared/limit-address';

// Fixed-window counters in the database, so every app instance sees the same counts.
// Each step is one conditional statement, so two instances counting at once cannot lose a
// count or both start a new window. A limit is taken before it is checked (`takeLimit`):
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
 * Adds one to `key`'s count in the current window (starting one if needed) and returns the
 * count that this call made: each statement returns the row it changed, so concurrent calls
 * get distinct counts, never one read after someone else's increment.
 */
export async function hitLimit(key: string, windowSeconds: number, now = new Date()): Promise<number> {
  const resetAt = new Date(now.getTime() + windowSeconds * 1000);
  for (let attempt = 0; attempt < 5; attempt++) {
    const [inWindow] = await db.rateLimit.updateManyAndReturn({
      where: { key, resetAt: { gt: now } },
      data: { count: { increment: 1 } },
      select: { count: true },
    });
    if (inWindow) return inWindow.count;
    // The window is over (or there is none): start a new one, unless another request just did.
    const [restarted] = await db.rateLimit.updateManyAndReturn({
      where: { key, resetAt: { lte: now } },
      data: { count: 1, resetAt },
      select: { count: true },
    });
    if (restarted) return restarted.count;
    try {
      await db.rateLimit.create({ data: { key, count: 1, resetAt } });
      return 1;
    } catch (error) {
      // Another request created the row between our statements: count in it on the next turn.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`rate limit ${key}: could not count after 5 tries`);
}

/**
 * Counts one more against `key` and says whether that one is over `max`: the count is taken
 * first, so the answer holds under any concurrency. A refused attempt stays counted.
 */
export async function takeLimit(key: string, max: number, windowSeconds: number, now = new Date()): Promise<LimitState> {
  const count = await hitLimit(key, windowSeconds, now);
  if (count <= max) return { blocked: false, retryAfterSeconds: 0 };
  const row = await db.rateLimit.findUnique({ where: { key }, select: { resetAt: true } });
  const resetAt = row?.resetAt.getTime() ?? now.getTime() + windowSeconds * 1000;
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)) };
}

/** Gives back one count taken by `takeLimit` for an attempt that turned out not to count. */
export async function releaseLimit(key: string, now = new Date()): Promise<void> {
  await db.rateLimit.updateMany({ where: { key, count: { gt: 0 }, resetAt: { gt: now } }, data: { count: { decrement: 1 } } });
}

export async function resetLimit(key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}
