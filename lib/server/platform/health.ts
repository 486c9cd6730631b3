import 'server-only';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDERS, databaseProvider } from '@/lib/shared/database-url.mjs';
import { config } from './config';
import { db } from './db';
import { log } from './log';

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

export const MIGRATE_HINT = 'Run `npm run db:migrate` against this DATABASE_URL.';

let expected: string[] | undefined;

/**
 * The migrations this build ships for the configured database (empty if they are not here).
 * Read at run time from the working folder; the build must not trace that folder's files.
 */
function expectedMigrations(): string[] {
  if (expected) return expected;
  const provider = databaseProvider(config().databaseUrl);
  try {
    expected = provider
      ? readdirSync(join(/* turbopackIgnore: true */ process.cwd(), PROVIDERS[provider].migrations), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => entry.name)
          .sort()
      : [];
  } catch {
    expected = [];
  }
  return expected;
}

/**
 * Whether the database has this build's schema: every migration applied, as recorded in
 * `_prisma_migrations` (written by `npm run db:migrate` and by `prisma migrate deploy`). A
 * database with no tables at all reports every migration as pending.
 */
export async function schemaHealth(): Promise<{ ok: boolean; pending: string[]; hint?: string }> {
  let applied: string[];
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    applied = rows.map((row) => row.migration_name);
  } catch {
    applied = [];
  }
  const wanted = expectedMigrations();
  const pending =
    applied.length === 0 && wanted.length === 0 ? ['(no migrations applied)'] : wanted.filter((name) => !applied.includes(name));
  return pending.length === 0 ? { ok: true, pending } : { ok: false, pending, hint: MIGRATE_HINT };
}

/** At start-up: say loudly, once, when the database lacks the schema, and what to run. */
export async function reportSchemaAtStartup(): Promise<void> {
  const schema = await schemaHealth().catch(() => null);
  if (schema && !schema.ok) {
    log('error', 'database schema missing or behind', { pending: schema.pending.slice(0, 20).join(', '), hint: MIGRATE_HINT });
  }
}
