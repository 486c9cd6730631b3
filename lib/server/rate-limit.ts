import 'server-only';
import { db, isUniqueViolation } from './db';

// Fixed-window counters in the database, so every app instance sees the same counts.
// Each step is one conditional statement, so two instances counting at once cannot lose a
// count or both start a new window.

export type LimitState = { blocked: boolean; retryAfterSeconds: number };

/** Whether `key` has reached `max` in its current window (without counting anything). */
export async function peekLimit(key: string, max: number, now = new Date()): Promise<LimitState> {
  const row = await db.rateLimit.findUnique({ where: { key } });
  if (!row || row.resetAt <= now || row.count < max) return { blocked: false, retryAfterSeconds: 0 };
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((row.resetAt.getTime() - now.getTime()) / 1000)) };
}

/** Adds one to `key`'s count in the current window (starting one if needed); returns the count. */
export async function hitLimit(key: string, windowSeconds: number, now = new Date()): Promise<number> {
  const resetAt = new Date(now.getTime() + windowSeconds * 1000);
  for (let attempt = 0; attempt < 5; attempt++) {
    const inWindow = await db.rateLimit.updateMany({
      where: { key, resetAt: { gt: now } },
      data: { count: { increment: 1 } },
    });
    if (inWindow.count === 1) break;
    // The window is over (or there is none): start a new one, unless another request just did.
    const restarted = await db.rateLimit.updateMany({
      where: { key, resetAt: { lte: now } },
      data: { count: 1, resetAt },
    });
    if (restarted.count === 1) break;
    try {
      await db.rateLimit.create({ data: { key, count: 1, resetAt } });
      break;
    } catch (error) {
      // Another request created the row between our statements: count in it on the next turn.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  const row = await db.rateLimit.findUnique({ where: { key } });
  return row?.count ?? 1;
}

export async function resetLimit(key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}
