import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

// The database scripts on a real PostgreSQL server (npm run test:postgres; CI runs it beside
// the e2e suite on PostgreSQL). TEST_POSTGRES_URL names a server and a database that exists
// there; default: postgresql://postgres@127.0.0.1:5432/postgres. Each test's own databases
// are made with a random name and dropped afterwards.

const server = new URL(process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
const made: string[] = [];

function databaseUrl(name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

function newName(purpose: string): string {
  const name = `forker_${purpose}_${randomBytes(4).toString('hex')}`;
  made.push(name);
  return name;
}

async function query<T>(sql: string, params: unknown[] = [], database?: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database ? databaseUrl(database) : server.toString() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const exists = async (name: string) => (await query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;

const db = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });

afterAll(async () => {
  for (const name of made) await query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('npm run db:migrate on PostgreSQL', () => {
  it('creates a database that does not exist yet, then migrates it', async () => {
    const name = newName('migrate_creates');
    expect(await exists(name)).toBe(false);

    const first = db(['migrate'], { DATABASE_URL: databaseUrl(name) });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`Created the database ${name} on ${server.hostname}:${server.port || 5432}.`);
    const applied = await query<{ n: number }>('SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL', [], name);
    expect(applied[0]!.n).toBeGreaterThan(0);

    // Run again: nothing to create, nothing to apply.
    const again = db(['migrate'], { DATABASE_URL: databaseUrl(name) });
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('Created');
    expect(again.stdout).toContain('is up to date');
  });

  it('a user who may not create it: one sentence saying what to do instead', async () => {
    const role = newName('no_createdb');
    await query(`CREATE ROLE "${role}" LOGIN NOCREATEDB`);
    try {
      const url = new URL(databaseUrl(newName('not_created')));
      url.username = role;
      const name = url.pathname.slice(1);
      const result = db(['migrate'], { DATABASE_URL: url.toString() });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `The database ${name} does not exist on ${server.hostname}:${server.port || 5432} and the user in DATABASE_URL may not create it: create it (createdb ${name}) or grant that user CREATEDB, then run npm run db:migrate again.`,
      ]);
      expect(await exists(name)).toBe(false);
    } finally {
      await query(`DROP ROLE "${role}"`);
    }
  });

  it('refused by the server: one sentence naming what to correct', () => {
    const url = new URL(server);
    url.username = newName('no_such_role');
    const result = db(['migrate'], { DATABASE_URL: url.toString() });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^PostgreSQL at [^ ]+ refused the connection \(role "forker_no_such_role_[0-9a-f]+" does not exist\): correct the user and password in DATABASE_URL\.$/,
    );
  });
});

describe('npm run db:check on PostgreSQL', () => {
  it('with a shadow database that does not exist: one sentence naming SHADOW_DATABASE_URL', async () => {
    const name = newName('missing_shadow');
    const result = db(['check'], { SHADOW_DATABASE_URL: databaseUrl(name) });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `The database ${name} does not exist on ${server.hostname}:${server.port || 5432}: create it, or point SHADOW_DATABASE_URL at one that does.`,
    ]);
    expect(await exists(name)).toBe(false);
  });
});
