// Shared by the app (lib/server/platform/config.ts and db.ts), the database scripts
// (scripts/db.mjs) and prisma.config.ts, so the defaults and the provider layout live in
// one place.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The zero-configuration default: an SQLite file under ./data (ignored by git). */
export const DEFAULT_DATABASE_URL = 'file:./data/dev.db';

/** Where each provider's schema and migrations live. prisma/schema.prisma is the source. */
export const PROVIDERS = {
  sqlite: { schema: 'prisma/schema.prisma', migrations: 'prisma/sqlite/migrations' },
  postgresql: { schema: 'prisma/postgresql/schema.prisma', migrations: 'prisma/postgresql/migrations' },
};

/** @param {string | undefined} url */
export function resolveDatabaseUrl(url) {
  const value = url?.trim();
  return value ? value : DEFAULT_DATABASE_URL;
}

/**
 * @param {string} url
 * @returns {'sqlite' | 'postgresql' | null}
 */
export function databaseProvider(url) {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  return null;
}

/**
 * For a `file:` URL, the absolute path of the SQLite file (its folder is created), else null.
 * @param {string} url
 */
export function sqliteFilePath(url) {
  if (!url.startsWith('file:')) return null;
  const path = resolve(url.slice('file:'.length));
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
