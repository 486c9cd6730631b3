// Database schema and migrations without Prisma's native schema engine, which the CLI
// downloads at run time and which cannot be downloaded everywhere. This drives the
// WebAssembly build of the same engine through the app's driver adapters, so
// `_prisma_migrations` is written exactly as `prisma migrate deploy` writes it and that
// command keeps working on the same folders (docs/decisions/001).
//
// One source of truth: prisma/schema.prisma (SQLite). prisma/postgresql/schema.prisma is
// generated from it; each provider has its own migrations folder.
//
//   npm run db:migrate              apply migrations to DATABASE_URL (SQLite file or PostgreSQL)
//   npm run db:migration -- <name>  sync the schemas and write a migration for each provider
//   npm run db:sync                 regenerate prisma/postgresql/schema.prisma
//   npm run db:check                fail if the schemas or any provider's migrations have drifted
//   npm run db:migrate -- --rolled-back <name>   record that a failed migration was undone by hand
//   node --experimental-wasm-modules scripts/db.mjs recreate   drop and create DATABASE_URL (tests)
// First: the .env files, as Next.js reads them (lib/shared/env-files.mjs).
import '../lib/shared/load-env.mjs';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_DATABASE_URL, PROVIDERS, databaseProvider, resolveDatabaseUrl, sqliteFilePath } from '../lib/shared/database-url.mjs';

const filters = { externalTables: [], externalEnums: [] };

/** A failure this script has already put in one sentence: printed as it is, with no stack. */
class Plain extends Error {}

// Where `db:migration` and `db:check` replay PostgreSQL migrations (the adapter creates and
// drops a temporary shadow database there).
const shadowPostgresUrl = () => process.env.SHADOW_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function providerOf(url) {
  const provider = databaseProvider(url);
  if (!provider) throw new Plain(`DATABASE_URL must start with file: (SQLite) or postgresql:// (got ${url.split(':')[0]}:)`);
  return provider;
}

/** The PostgreSQL schema is the SQLite one with another provider and client folder. */
function postgresSchemaText() {
  const source = readFileSync(resolve(PROVIDERS.sqlite.schema), 'utf8');
  const replaced = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/generated\/sqlite"/, 'output       = "../../lib/generated/postgresql"');
  if (replaced === source || !replaced.includes('"postgresql"') || !replaced.includes('generated/postgresql')) {
    throw new Plain('prisma/schema.prisma must keep provider = "sqlite" and output = "../lib/generated/sqlite"');
  }
  return `// GENERATED from prisma/schema.prisma by \`npm run db:sync\`. Do not edit: edit that file.\n${replaced}`;
}

function syncSchemas() {
  const path = resolve(PROVIDERS.postgresql.schema);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, postgresSchemaText());
}

// When it replays migrations on an SQLite shadow database, the wasm engine sends each
// migration file through executeRaw in one piece, and better-sqlite3 prepares one statement
// at a time. Such scripts go to executeScript instead.
function sqliteFactory(file) {
  const factory = new PrismaBetterSqlite3({ url: file === ':memory:' ? file : `file:${file}` });
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const adapter = await connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length > 0 || !/;\s*\S/.test(query.sql)) return executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    };
    return adapter;
  };
  return factory;
}

// The engine reads PostgreSQL's catalogue (to diff a shadow database against the schema),
// which has columns of the internal one-byte type "char" (OID 18). @prisma/adapter-pg 7.10
// has no mapping for it and refuses the whole result, so this reports those columns as text
// (node-postgres returns their values as strings already). Only these scripts do this; the
// app never reads the catalogue.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
function readCharAsText(adapter) {
  const performIO = adapter.performIO.bind(adapter);
  adapter.performIO = async (...args) => {
    const result = await performIO(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return adapter;
}

// The adapter makes its shadow database by spreading this config with another `database`;
// a connectionString would override that and put the shadow tables into the main database,
// so the URL is taken apart here.
function postgresConfig(url) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    ssl: u.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
  };
}

function postgresFactory(url) {
  const factory = new PrismaPg(postgresConfig(url));
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => readCharAsText(await connect());
  factory.connectToShadowDb = async () => {
    const adapter = readCharAsText(await connectToShadowDb());
    // The adapter drops its shadow database while its own pool is still connected, which
    // PostgreSQL refuses; close the pool first, then drop it from a separate connection.
    const pool = adapter.underlyingDriver();
    const name = pool.options.database;
    adapter.dispose = async () => {
      await pool.end();
      const admin = new pg.Client(postgresConfig(url));
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '')}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    };
    return adapter;
  };
  return factory;
}

function adapterFactory(provider, url) {
  if (provider === 'sqlite') return sqliteFactory(url === ':memory:' ? url : sqliteFilePath(url));
  return postgresFactory(url);
}

function readMigrations(provider) {
  const dir = resolve(PROVIDERS[provider].migrations);
  const lockPath = join(dir, 'migration_lock.toml');
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = join(dir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file) ? { tag: 'ok', value: readFileSync(file, 'utf8') } : { tag: 'error', value: `${file} is missing` },
        },
      };
    }),
  };
}

async function withEngine(provider, url, work) {
  const schemaPath = resolve(PROVIDERS[provider].schema);
  const schema = provider === 'postgresql' ? postgresSchemaText() : readFileSync(schemaPath, 'utf8');
  const log = (...args) => process.env.DB_DEBUG && console.error(...args);
  // engine.free() leaves the adapter's connection open, and after a failed migration that
  // connection still holds SQLite's write lock: this script could not then read which
  // migration failed. So the connections are closed here.
  const factory = adapterFactory(provider, url);
  const opened = [];
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    opened.push(adapter);
    return adapter;
  };
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
  try {
    return await work(engine, { schemaPath, schema });
  } finally {
    engine.free();
    for (const adapter of opened) await adapter.dispose().catch(() => {});
  }
}

// WAL lets readers go on while one request writes; the setting is stored in the file.
function useWriteAheadLog(url) {
  const sqlite = new Database(sqliteFilePath(url), { timeout: 5000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
}

/**
 * Migrations that started and never finished (a crash or an error part-way), which Prisma
 * records with no finished_at; until one is resolved, every later migrate stops (P3009).
 * @returns {Promise<string[]>}
 */
async function unfinishedMigrations(provider, url) {
  const sql = 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL';
  if (provider === 'sqlite') {
    const file = sqliteFilePath(url);
    if (!existsSync(file)) return [];
    const sqlite = new Database(file, { readonly: true, timeout: 5000 });
    try {
      const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      return table
        ? sqlite
            .prepare(sql)
            .all()
            .map((row) => row.migration_name)
        : [];
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client(postgresConfig(url));
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('_prisma_migrations') AS name");
    return table.rows[0].name ? (await client.query(sql)).rows.map((row) => row.migration_name) : [];
  } finally {
    await client.end();
  }
}

/** host:port of a PostgreSQL URL, for messages (never its user or password). */
function hostOf(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}`;
  } catch {
    return 'the address in the URL';
  }
}

/**
 * Creates DATABASE_URL's PostgreSQL database when the server has none of that name, as
 * `prisma migrate deploy` does (the wasm engine only says "Database `x` does not exist"), with
 * the same credentials.
 * @returns {Promise<boolean>} whether it was created
 */
async function ensurePostgresDatabase(url) {
  const probe = new pg.Client(postgresConfig(url));
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if (error?.code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => {});
  }
  const name = postgresConfig(url).database;
  // From the maintenance database, or template1 on a server that has none.
  let admin = new pg.Client({ ...postgresConfig(url), database: 'postgres' });
  try {
    await admin.connect();
  } catch (error) {
    if (error?.code !== '3D000') throw error;
    admin = new pg.Client({ ...postgresConfig(url), database: 'template1' });
    await admin.connect();
  }
  try {
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    // Another process created it meanwhile: what was asked for is there.
    if (error?.code === '42P04') return false;
    if (error?.code === '42501') {
      throw new Plain(
        `The database ${name} does not exist on ${hostOf(url)} and the user in DATABASE_URL may not create it: create it (createdb ${name}) or grant that user CREATEDB, then run npm run db:migrate again.`,
      );
    }
    throw error;
  } finally {
    await admin.end();
  }
}

/** Records that a failed migration was undone by hand, so that migrate applies it again. */
async function markRolledBack(url, name) {
  const provider = providerOf(url);
  await withEngine(provider, url, (engine) => engine.markMigrationRolledBack({ migrationName: name }));
}

/**
 * The SQLite file's migrations that are not applied yet, read without the engine: a plain
 * read-only connection works while `npm run dev` has the file open (WAL lets readers in).
 * @returns {string[]}
 */
function pendingSqliteMigrations(url) {
  const names = readMigrations('sqlite').migrationDirectories.map((directory) => directory.path);
  const file = sqliteFilePath(url);
  if (!existsSync(file)) return names;
  const sqlite = new Database(file, { readonly: true, timeout: 5000 });
  try {
    const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return names;
    const applied = new Set(
      sqlite
        .prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
        .all()
        .map((row) => row.migration_name),
    );
    return names.filter((name) => !applied.has(name));
  } finally {
    sqlite.close();
  }
}

/** SQLite's "database is locked", as it reaches us through the wasm engine. */
const isLocked = (error) => /SocketTimeout|SQLITE_BUSY|database is locked/.test(String(error?.message ?? error));

/** Applies every migration not yet applied; returns the names it applied. */
export async function migrate(url = resolveDatabaseUrl(process.env.DATABASE_URL)) {
  const provider = providerOf(url);
  if (provider === 'sqlite') {
    // The engine takes the file in exclusive locking mode, which any other open connection
    // (a running `npm run dev`) refuses. Up to date, the common case, it is not needed at all.
    if (pendingSqliteMigrations(url).length === 0) return [];
    useWriteAheadLog(url);
  }
  return withEngine(provider, url, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: readMigrations(provider), filters });
    return result.appliedMigrationNames;
  });
}

/** The SQL that takes the provider's migrations to its schema ('' when they match). */
async function pendingSql(provider) {
  const shadowHost = provider === 'sqlite' ? ':memory:' : shadowPostgresUrl();
  return withEngine(provider, shadowHost, async (engine, { schemaPath, schema }) => {
    const list = readMigrations(provider);
    const { stdout } = await engine.diff({
      from: list.migrationDirectories.length ? { tag: 'migrations', ...list } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters,
    });
    return !stdout || /^-- This is an empty migration\.\s*$/.test(stdout) ? '' : stdout;
  });
}

async function createMigration(name) {
  if (!/^[a-z0-9_]+$/.test(name ?? '')) {
    throw new Plain('Name the migration in snake_case, e.g. `npm run db:migration -- add_passkey_name`');
  }
  syncSchemas();
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  for (const provider of Object.keys(PROVIDERS)) {
    const sql = await pendingSql(provider);
    if (!sql) {
      console.log(`${provider}: the schema matches the migrations; nothing to create.`);
      continue;
    }
    const dir = resolve(PROVIDERS[provider].migrations);
    mkdirSync(join(dir, `${stamp}_${name}`), { recursive: true });
    writeFileSync(join(dir, `${stamp}_${name}`, 'migration.sql'), sql);
    const lock = join(dir, 'migration_lock.toml');
    if (!existsSync(lock)) {
      writeFileSync(
        lock,
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
      );
    }
    console.log(`${provider}: created ${join(PROVIDERS[provider].migrations, `${stamp}_${name}`, 'migration.sql')}`);
  }
}

async function check() {
  const problems = [];
  if (!existsSync(PROVIDERS.postgresql.schema) || readFileSync(PROVIDERS.postgresql.schema, 'utf8') !== postgresSchemaText()) {
    problems.push(`${PROVIDERS.postgresql.schema} is not generated from prisma/schema.prisma: run npm run db:sync`);
  }
  for (const provider of Object.keys(PROVIDERS)) {
    const sql = await pendingSql(provider);
    if (sql) problems.push(`${provider}: the migrations do not match the schema; run npm run db:migration -- <name>. Missing:\n${sql}`);
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('Schemas and migrations of every provider match.');
}

/** Drops and recreates DATABASE_URL's database: a fresh start for test runs. */
async function recreate(url) {
  if (providerOf(url) === 'sqlite') {
    const file = sqliteFilePath(url);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return;
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Plain(`Refusing to recreate a database named ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

const [command, arg] = process.argv.slice(2);
const url = resolveDatabaseUrl(process.env.DATABASE_URL);
const redacted = url.replace(/\/\/[^@/]*@/, '//***@');

/**
 * The first thing an error says, on one line: the engine's messages end with a span trace
 * ("   0: sql_schema_connector::…") and some start with a generic "external connector error".
 */
function engineMessage(error) {
  const lines = String(error?.message ?? error)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const end = lines.findIndex((line) => /^\d+: \S/.test(line));
  const kept = (end < 0 ? lines : lines.slice(0, end)).filter((line) => line !== 'external connector error');
  return (kept.length ? kept : lines).join(' ').replace(/\.$/, '') + '.';
}

/**
 * One sentence for an error, with what to do. Errors come from node-postgres, the wasm schema
 * engine (Prisma's P-codes and messages), better-sqlite3 and the file system.
 * @param {unknown} error
 */
function explain(error) {
  if (error instanceof Plain) return error.message;
  const e = /** @type {{ code?: string, message?: string, path?: string }} */ (error ?? {});
  // db:check and db:migration connect only to the shadow server (SQLite's shadow is in memory).
  const shadow = command === 'check' || command === 'new';
  const variable = shadow ? 'SHADOW_DATABASE_URL' : 'DATABASE_URL';
  const target = shadow ? shadowPostgresUrl() : url;
  const message = String(e.message ?? error);
  if (e.code === 'ERR_INVALID_URL') {
    return `${variable} is not a valid URL: write it as postgresql://user:password@host:5432/database (with special characters in the password percent-encoded).`;
  }
  const postgres = databaseProvider(target) === 'postgresql';
  const where = postgres ? hostOf(target) : '';
  if (
    postgres &&
    (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'].includes(e.code ?? '') ||
      /Can't reach database server/.test(message))
  ) {
    const code = e.code?.startsWith('E') ? ` (${e.code})` : '';
    return `Cannot reach the PostgreSQL server at ${where}${code}: start it, or correct the host and port in ${variable}.`;
  }
  if (postgres && (e.code === '28P01' || e.code === '28000' || /Authentication failed/.test(message))) {
    return `PostgreSQL at ${where} refused the connection (${engineMessage(error).replace(/\.$/, '')}): correct the user and password in ${variable}.`;
  }
  const missing = /Database `([^`]+)` does not exist/.exec(message);
  if (postgres && (missing || e.code === '3D000')) {
    const name = missing?.[1] ?? postgresConfig(target).database;
    return `The database ${name} does not exist on ${where}: create it, or point ${variable} at one that does.`;
  }
  if (!postgres && (e.code?.startsWith('SQLITE_') || ['EACCES', 'EEXIST', 'ENOTDIR', 'EROFS', 'ENOENT', 'EPERM'].includes(e.code ?? ''))) {
    return `Cannot create or open the SQLite file ${resolve(target.slice('file:'.length))} (${e.code}): point DATABASE_URL at a file in a folder you can write.`;
  }
  const name = command === 'new' ? 'db:migration' : `db:${command}`;
  return `npm run ${name} failed on ${shadow ? `the shadow database at ${where || 'memory'}` : redacted} (${engineMessage(error).replace(/\.$/, '')}); run it again with DB_DEBUG=1 for the details.`;
}

async function main() {
  if (command === 'migrate' && arg === '--rolled-back') {
    const name = process.argv[4];
    if (!name) throw new Plain('Name the migration: npm run db:migrate -- --rolled-back <name>');
    await markRolledBack(url, name);
    console.log(`Recorded ${name} as rolled back in ${redacted}; npm run db:migrate applies it again.`);
  } else if (command === 'migrate') {
    const provider = providerOf(url);
    if (provider === 'postgresql' && (await ensurePostgresDatabase(url))) {
      console.log(`Created the database ${postgresConfig(url).database} on ${hostOf(url)}.`);
    }
    const unfinished = await unfinishedMigrations(provider, url);
    if (unfinished.length && url === DEFAULT_DATABASE_URL) {
      // The zero-configuration development database holds only what the demo made: set it
      // aside (not deleted) and start a fresh one, rather than stop every `npm run dev`.
      const file = sqliteFilePath(url);
      const aside = `${file}.unfinished-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
      console.log(
        `The development database stopped part-way through migration ${unfinished[0]}; it was moved to ${aside} and a fresh one is being created.`,
      );
    } else if (unfinished.length) {
      console.error(
        `Migration ${unfinished[0]} stopped part-way in ${redacted}: undo what it applied (see its migration.sql), then run \`npm run db:migrate -- --rolled-back ${unfinished[0]}\` and migrate again.`,
      );
      process.exit(1);
    }
    let applied;
    try {
      applied = await migrate(url);
    } catch (error) {
      if (isLocked(error)) {
        throw new Plain(
          `${redacted} is in use by another process (a running \`npm run dev\` or \`npm start\`?) and has migrations to apply: stop that process, run this again, then start it.`,
        );
      }
      // A migration that failed is recorded unfinished: name it, with the way out.
      const failed = await unfinishedMigrations(provider, url).catch(() => []);
      if (!failed.length) throw error;
      throw new Plain(
        `Migration ${failed[0]} failed in ${redacted} (${engineMessage(error)}): undo what it applied (see its migration.sql), fix it, then run \`npm run db:migrate -- --rolled-back ${failed[0]}\` and migrate again.`,
      );
    }
    console.log(
      applied.length ? `Applied ${applied.length} migration(s) to ${redacted}: ${applied.join(', ')}` : `${redacted} is up to date.`,
    );
  } else if (command === 'new') {
    await createMigration(arg);
  } else if (command === 'sync') {
    syncSchemas();
    console.log(`Wrote ${PROVIDERS.postgresql.schema}`);
  } else if (command === 'check') {
    await check();
  } else if (command === 'recreate') {
    await recreate(url);
    console.log(`Recreated ${redacted}`);
  } else if (command !== undefined) {
    console.error(`Unknown command ${command}. Use: migrate | new <name> | sync | check | recreate`);
    process.exit(2);
  }
}

try {
  await main();
  // The wasm engine leaves a 10-second timer behind after it has talked to PostgreSQL; the
  // work is done, so the command ends now instead of when that timer does.
  process.exit(0);
} catch (error) {
  // The stack, wasm frames and the engine's span trace help nobody who runs these commands;
  // DB_DEBUG=1 shows them.
  if (process.env.DB_DEBUG) console.error(error);
  console.error(explain(error));
  // Exit now: a pool or the engine may still hold the event loop open.
  process.exit(1);
}
