import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
    const last = (
      sqlite.prepare('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1').get() as {
        migration_name: string;
      }
    ).migration_name;
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
    const rows = sqliteAfter.prepare('SELECT rolled_back_at FROM _prisma_migrations WHERE migration_name = ?').all(last) as {
      rolled_back_at: string | null;
    }[];
    sqliteAfter.close();
    expect(rows.some((row) => row.rolled_back_at !== null)).toBe(true);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });
});

// Every database command answers an error with one plain sentence that says what to do: no
// stack trace, no wasm frames, no engine span trace (DB_DEBUG=1 prints those).
const script = (args: string[], env: NodeJS.ProcessEnv, cwd?: string) =>
  spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', ...args], { env, cwd, encoding: 'utf8' });

function expectOneSentence(stderr: string) {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  // No stack frame "(file:line:column)", wasm frame, engine span or error class name.
  expect(lines[0]).not.toMatch(/\(.*:\d+:\d+\)|wasm|node_modules|\bError\b|\d+: \w+::/);
  return lines[0]!;
}

// Each test runs the script as a child process; on a busy machine that takes seconds.
describe('database commands fail with one plain sentence', { timeout: 60_000 }, () => {
  it('a PostgreSQL server that cannot be reached', () => {
    const result = script(['migrate'], { ...process.env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/forker_unreachable' });
    expect(result.status).toBe(1);
    expect(expectOneSentence(result.stderr)).toBe(
      'Cannot reach the PostgreSQL server at 127.0.0.1:1 (ECONNREFUSED): start it, or correct the host and port in DATABASE_URL.',
    );
  });

  it('the shadow database server of db:check, which names its own variable', () => {
    const result = script(['check'], { ...process.env, SHADOW_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/postgres' });
    expect(result.status).toBe(1);
    expect(expectOneSentence(result.stderr)).toBe(
      'Cannot reach the PostgreSQL server at 127.0.0.1:1: start it, or correct the host and port in SHADOW_DATABASE_URL.',
    );
  });

  it('a DATABASE_URL of another kind', () => {
    const result = script(['migrate'], { ...process.env, DATABASE_URL: 'mysql://root@localhost/app' });
    expect(result.status).toBe(1);
    expect(expectOneSentence(result.stderr)).toBe('DATABASE_URL must start with file: (SQLite) or postgresql:// (got mysql:)');
  });

  it('an SQLite file whose folder cannot be made', () => {
    const notAFolder = './data/db-script-test.not-a-folder';
    writeFileSync(notAFolder, '');
    const result = script(['migrate'], { ...process.env, DATABASE_URL: `file:${notAFolder}/app.db` });
    rmSync(notAFolder, { force: true });
    expect(result.status).toBe(1);
    expect(expectOneSentence(result.stderr)).toMatch(
      /^Cannot create or open the SQLite file .*db-script-test\.not-a-folder\/app\.db \((EEXIST|ENOTDIR)\): point DATABASE_URL at a file in a folder you can write\.$/,
    );
  });

  it('a migration that fails, named, with the way out', () => {
    // A copy of what the script needs, with one broken migration after the real ones.
    const copy = mkdtempSync(join(tmpdir(), 'passkey-db-errors-'));
    try {
      for (const path of ['scripts', 'lib/shared', 'prisma', 'package.json']) cpSync(path, join(copy, path), { recursive: true });
      symlinkSync(resolve('node_modules'), join(copy, 'node_modules'), 'dir');
      const broken = join(copy, 'prisma/sqlite/migrations/29990101000000_broken');
      mkdirSync(broken);
      writeFileSync(join(broken, 'migration.sql'), 'CREATE TABLE "Kept" ("id" INTEGER);\nINSERT INTO "Missing" VALUES (1);\n');
      const result = script(['migrate'], { ...process.env, DATABASE_URL: 'file:./data/broken.db' }, copy);
      expect(result.status).toBe(1);
      expect(expectOneSentence(result.stderr)).toBe(
        'Migration 29990101000000_broken failed in file:./data/broken.db (The underlying table for model `Missing` does not exist.): undo what it applied (see its migration.sql), fix it, then run `npm run db:migrate -- --rolled-back 29990101000000_broken` and migrate again.',
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

// `npm run dev` keeps the SQLite file open for as long as it runs; `npm run seed:demo` and
// `npm run db:migrate` are run beside it. Prisma's engine takes the file in exclusive locking
// mode, which an open connection refuses (it used to crash with "unknown variant
// `SocketTimeout`").
describe('db:migrate while another process has the database open', () => {
  const lockedFile = './data/db-script-locked-test.db';
  const lockedEnv = { ...process.env, DATABASE_URL: `file:${lockedFile}` };
  const migrateLocked = () =>
    spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', 'migrate'], {
      env: lockedEnv,
      encoding: 'utf8',
    });
  const clean = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(lockedFile + suffix, { force: true });
  };

  it('says the database is up to date when it is', () => {
    clean();
    expect(migrateLocked().status).toBe(0);
    // What the development server holds: a connection that has read from the file.
    const devServer = new Database(lockedFile);
    devServer.prepare('SELECT COUNT(*) FROM "User"').get();
    try {
      const result = migrateLocked();
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(`file:${lockedFile} is up to date.`);
    } finally {
      devServer.close();
      clean();
    }
  }, 30_000);

  it('stops with one sentence saying what to do when it has migrations to apply', () => {
    clean();
    const devServer = new Database(lockedFile);
    // A database made before the app's migrations existed: not empty, and open.
    devServer.pragma('journal_mode = WAL');
    devServer.exec('CREATE TABLE made_earlier (id INTEGER)');
    devServer.prepare('SELECT COUNT(*) FROM made_earlier').get();
    try {
      const result = migrateLocked();
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `file:${lockedFile} is in use by another process (a running \`npm run dev\` or \`npm start\`?) and has migrations to apply: stop that process, run this again, then start it.`,
      ]);
    } finally {
      devServer.close();
      clean();
    }
    // SQLite waits up to 5 s for the lock before it gives up.
  }, 30_000);
});
