import 'server-only';
import { db } from './db';

/** Whether the database answers, and how fast. */
export async function databaseHealth(): Promise<{ ok: boolean; latencyMs: number }> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started) };
  }
}
