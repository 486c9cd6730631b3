import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

// `npm run db:migrate` on a database where a migration stopped part-way (a crash, a failed
// statement): Prisma records it unfinished and refuses every later migrate (P3009). The script
// must say in one sentence what to do, and take the way out it names.

const file = './data/db-script-test.db';
const env = { ...process.env, DATABASE_URL: `file:${file}` };
const db = (...args: string[]) =>
  spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', ...args], { env, encoding: 'utf8' });

function markUnfinished(name: string) {
  const sqlite = new Database(file);
  sqlite.prepare('UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ?').run(name);
  sqlite.close();
}

describe('db:migrate after a migration stopped part-way', () => {
  it('says in one sentence how to recover, and recovers once told the migration was undone', () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    expect(db('migrate').status).toBe(0);
    const sqlite = new Database(file, { readonly: true });
    const last = (sqlite.prepare('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1').get() as { migration_name: string }).migration_name;
    sqlite.close();

    markUnfinished(last);
    const refused = db('migrate');
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      `Migration ${last} stopped part-way in file:${file}: undo what it applied (see its migration.sql), then run \`npm run db:migrate -- --rolled-back ${last}\` and migrate again.`,
    ]);

    // After undoing the migration by hand, the person records it as rolled back; the record
    // then no longer stops migrate.
    expect(db('migrate', '--rolled-back', last).status).toBe(0);
    const sqliteAfter = new Database(file, { readonly: true });
    const rows = sqliteAfter.prepare('SELECT rolled_back_at FROM _prisma_migrations WHERE migration_name = ?').all(last) as { rolled_back_at: string | null }[];
    sqliteAfter.close();
    expect(rows.some((row) => row.rolled_back_at !== null)).toBe(true);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });
});
