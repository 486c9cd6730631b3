import 'server-only';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { sqliteFilePath } from '../database-url.mjs';
import { config } from './config';

// The only module that creates the Prisma client; only the data modules beside it import it.
// One client per process: in development Next re-evaluates modules on every edit, so the
// client is kept on globalThis to avoid opening a new connection each time.

function createClient(): PrismaClient {
  const file = sqliteFilePath(config().databaseUrl);
  if (!file) throw new Error('DATABASE_URL must be a file: URL');
  // `timeout` is SQLite's busy timeout: a writer waits for the lock instead of failing at
  // once when two requests write together. (WAL mode is set on the file by db:migrate.)
  const adapter = new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

export const db: PrismaClient = globalForDb.prisma ?? createClient();
if (process.env.NODE_ENV !== 'production') globalForDb.prisma = db;
