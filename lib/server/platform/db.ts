import 'server-only';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from '@/lib/generated/postgresql/client';
import { Prisma, PrismaClient as SqliteClient } from '@/lib/generated/sqlite/client';
import { databaseProvider, sqliteFilePath } from '@/lib/shared/database-url.mjs';
import { config } from './config';
import { serialisedSqlite } from './sqlite-connection';

// The only module that creates the Prisma client; only the data modules beside it import it.
// DATABASE_URL picks the database: a file: URL is SQLite (the embedded default), a
// postgresql:// URL is PostgreSQL. Both clients come from one schema (prisma/schema.prisma)
// and have the same API, so the rest of the app is typed against one of them.
// One client per process: in development Next re-evaluates modules on every edit, so the
// client is kept on globalThis to avoid opening new connections each time.

export type Db = SqliteClient;

// Writes to one account take turns (a revocation and every write on a session's authority
// lock the account row, lib/server/identity/security-stamp.ts), each holding a connection
// while it waits, so a burst of them makes other requests wait for a connection too. Prisma's
// defaults (2 s to start a transaction, 5 s to finish it) and a 5 s wait for a connection
// turned such a burst on a busy machine into errors; these wait as long as a proxy in front
// typically lets a request run, and what still runs out is answered 503 with Retry-After
// (platform/database-errors.ts), never 500.
const WAIT_MS = 15_000;
const transactionOptions = { maxWait: WAIT_MS, timeout: 20_000 };
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

function createClient(): Db {
  const url = config().databaseUrl;
  if (databaseProvider(url) === 'postgresql') {
    const adapter = new PrismaPg(
      { connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), connectionTimeoutMillis: WAIT_MS },
      // A dropped connection must not crash the process; the next query reconnects.
      { onPoolError: () => {}, onConnectionError: () => {} },
    );
    return new PostgresClient({ adapter, transactionOptions }) as unknown as Db;
  }
  // `timeout` is SQLite's busy timeout: a writer waits for the lock instead of failing at
  // once when two requests write together. (WAL mode is set on the file by db:migrate.)
  const adapter = serialisedSqlite(new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(url)}`, timeout: 5000 }));
  return new SqliteClient({ adapter, transactionOptions });
}

const globalForDb = globalThis as unknown as { prisma?: Db };

export const db: Db = globalForDb.prisma ?? createClient();
if (process.env.NODE_ENV !== 'production') globalForDb.prisma = db;

/**
 * A list of values for `IN (…)` inside db.$queryRaw`…`, as bound parameters. The helper is
 * Prisma's runtime's, which both generated clients share.
 */
export const sqlList = (values: readonly string[]) => Prisma.join(values);

const postgres = databaseProvider(config().databaseUrl) === 'postgresql';

/**
 * `FOR SHARE` on PostgreSQL, nothing on SQLite (one writer at a time, so a statement that
 * writes already sees the last committed state and holds it until it ends). Put after the
 * WHERE of a SELECT that must wait for, and then see, a concurrent change to the rows it reads.
 */
export const forShare = () => (postgres ? Prisma.sql`FOR SHARE` : Prisma.empty);

/** A unique-constraint violation (Prisma P2002), from either client. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
