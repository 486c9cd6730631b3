import 'server-only';

// Whether an error means "the database cannot be reached right now" (answered 503, and the
// app recovers by itself once it is back) rather than a bug. P2024 and P2028: no connection
// or no transaction could be had in time (the database is overloaded, or one account's
// writes are queued behind each other).

const UNAVAILABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  'P2028',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  'SQLITE_BUSY',
]);
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'DatabaseDoesNotExist',
  'TransactionAlreadyClosed',
]);
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|Connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection|database system is (starting up|shutting down|in recovery mode)|Can't reach database|database is locked/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.originalCode === 'string' && UNAVAILABLE_CODES.has(e.originalCode)) return true;
  if (typeof e.kind === 'string' && UNAVAILABLE_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

// Whether an error means "the tables are not there" (the database was never migrated, or is
// behind this build): answered 503 with what to run, rather than as a bug.
const SCHEMA_CODES = new Set(['P2021', 'P2022']);
const SCHEMA_KINDS = new Set(['TableDoesNotExist', 'ColumnNotFound']);
const SCHEMA_MESSAGE =
  /no such table|no such column|relation "[^"]*" does not exist|column "[^"]*" (of relation "[^"]*" )?does not exist|table `[^`]*` does not exist/i;

export function isSchemaMissing(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && SCHEMA_CODES.has(e.code)) return true;
  if (typeof e.kind === 'string' && SCHEMA_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && SCHEMA_MESSAGE.test(e.message)) return true;
  return isSchemaMissing(e.cause, depth + 1);
}
