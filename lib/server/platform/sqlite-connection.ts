import 'server-only';
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import type { Database, Statement } from 'better-sqlite3';

// SQLite here is one connection shared by every request of the process. Prisma's
// better-sqlite3 adapter queues transactions behind one another, but lets any other query run
// at once, and on a single connection "at once" means inside whatever transaction is open:
// a write of one request would then be rolled back with another request's failed
// transaction (lib/server/platform/db.test.ts shows it). This wraps the adapter so a query
// outside a transaction waits until none is open, and transactions still go one at a time.
// Inside `db.$transaction(async (tx) => …)` use `tx`, never `db`: a `db` query there would
// wait for the transaction it is part of (until Prisma's transaction timeout ends it).

class Gate {
  private last: Promise<void> = Promise.resolve();
  private open: Promise<void> | null = null;

  /** Runs `run` when no transaction is open; `run` must start its statement synchronously. */
  async outside<T>(run: () => Promise<T>): Promise<T> {
    while (this.open) await this.open;
    return run();
  }

  /** Waits for the transactions before it, then holds the connection until `release()`. */
  async begin(): Promise<() => void> {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const before = this.last;
    this.last = before.then(() => done);
    await before;
    this.open = done;
    return () => {
      if (this.open === done) this.open = null;
      release();
    };
  }
}

function serialised(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const gate = new Gate();
  return new Proxy(adapter, {
    get(target, property) {
      if (property === 'queryRaw' || property === 'executeRaw' || property === 'executeScript') {
        const method = (target[property] as (arg: never) => Promise<unknown>).bind(target);
        return (arg: never) => gate.outside(() => method(arg));
      }
      if (property === 'startTransaction') {
        return async (isolationLevel?: IsolationLevel): Promise<Transaction> => {
          const release = await gate.begin();
          try {
            return releasing(await target.startTransaction(isolationLevel), release);
          } catch (error) {
            release();
            throw error;
          }
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The transaction, which gives the connection back when it commits or rolls back. */
function releasing(transaction: Transaction, release: () => void): Transaction {
  return new Proxy(transaction, {
    get(target, property) {
      if (property === 'commit' || property === 'rollback') {
        return async () => {
          try {
            await target[property]();
          } finally {
            release();
          }
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Prisma's SQLite adapter factory, with queries kept out of other requests' transactions and
 * prepared statements reused.
 */
export function serialisedSqlite(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      // The adapter keeps its better-sqlite3 connection as `client` (not part of its typed API;
      // if a release renames it, statements are simply prepared each time, as before).
      const client = (adapter as unknown as { client?: Database }).client;
      if (client && typeof client.prepare === 'function') reuseStatements(client);
      return serialised(adapter);
    },
  };
}

const STATEMENT_CACHE_SIZE = 256;

type Entry = { statement: Statement; columns: ReturnType<Statement['columns']> | undefined };

/**
 * Prisma's adapter prepares every statement anew (`client.prepare(sql).bind(args)`), and
 * preparing is a large part of a query's CPU. The app sends a few dozen distinct SQL strings,
 * so this keeps the last 256 prepared and hands the adapter a view of the cached statement
 * bound to this call's arguments (a better-sqlite3 statement can be bound only once, so the
 * arguments go to each run instead). Calls are synchronous, so a statement is never in use
 * twice at once; SQLite re-prepares a statement itself if the schema changes.
 */
export function reuseStatements(client: Database, size = STATEMENT_CACHE_SIZE): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Entry>();
  const cached = (sql: string): Entry => {
    let entry = cache.get(sql);
    if (entry) {
      // Most recently used last, so the first key is the one to evict.
      cache.delete(sql);
    } else {
      entry = { statement: prepare(sql), columns: undefined };
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, entry);
    return entry;
  };
  client.prepare = ((sql: string) => {
    const entry = cached(sql);
    const { statement } = entry;
    const bound = (args: unknown[]) => ({
      reader: statement.reader,
      // The adapter asks every query for its result's columns; they belong to the SQL (the
      // app's schema does not change while it runs: migrations run before it starts).
      columns: () => (entry.columns ??= statement.columns()),
      run: () => statement.run(...args),
      raw: (toggle = true) => {
        statement.raw(toggle);
        return { all: () => statement.all(...args) };
      },
      all: () => statement.raw(false).all(...args),
    });
    return { ...bound([]), bind: (args: unknown[]) => bound(args) };
  }) as unknown as Database['prepare'];
}
