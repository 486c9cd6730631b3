// Shared by the app (lib/server/config.ts), the migration script (scripts/db.mjs) and
// prisma.config.ts, so the embedded default lives in one place.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The zero-configuration default: an SQLite file under ./data (ignored by git). */
export const DEFAULT_DATABASE_URL = 'file:./data/dev.db';

/** @param {string | undefined} url */
export function resolveDatabaseUrl(url) {
  const value = url?.trim();
  return value ? value : DEFAULT_DATABASE_URL;
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
