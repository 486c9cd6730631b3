import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseProvider, sqliteFilePath } from '@/lib/shared/database-url.mjs';

// The benchmark's own look into the database it runs on: a fresh one before seeding, the
// per-run tables emptied between runs, and row counts to check the load generator's tally.

export function recreateDatabase(url: string): void {
  for (const command of ['recreate', 'migrate']) {
    const result = spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', command], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`db.mjs ${command} failed: ${result.stderr || result.stdout}`);
  }
}

export class BenchDatabase {
  private sqlite?: Database.Database;
  private pool?: pg.Pool;

  constructor(readonly url: string) {
    if (databaseProvider(url) === 'postgresql') this.pool = new pg.Pool({ connectionString: url, max: 1 });
    else this.sqlite = new Database(sqliteFilePath(url)!, { fileMustExist: true, timeout: 5000 });
  }

  get provider(): 'sqlite' | 'postgresql' {
    return this.pool ? 'postgresql' : 'sqlite';
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.pool) {
      let n = 0;
      return (
        await this.pool.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as T[];
    }
    const statement = this.sqlite!.prepare(sql);
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
  }

  async count(sql: string, ...params: unknown[]): Promise<number> {
    const [row] = await this.query<{ n: number | string }>(sql, params);
    return Number(row?.n ?? 0);
  }

  /** Empties what sign-ins write, so every run starts from the same seeded database. */
  async resetRunTables(): Promise<void> {
    for (const table of ['Session', 'SecurityEvent', 'Challenge', 'RateLimit']) await this.query(`DELETE FROM "${table}"`);
    if (this.sqlite) this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    else await this.query('VACUUM ANALYZE');
  }

  async close(): Promise<void> {
    this.sqlite?.close();
    await this.pool?.end();
  }
}
