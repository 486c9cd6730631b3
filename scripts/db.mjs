// Applies and creates migrations in Prisma's own folder format (prisma/migrations/<ts>_<name>/
// migration.sql) without Prisma's native schema engine, which the CLI downloads at run time
// and which cannot be downloaded everywhere. It drives the WebAssembly build of the same
// engine through the app's driver adapter, so `_prisma_migrations` is written exactly as
// `prisma migrate deploy` writes it and that command keeps working on the same folder.
//
//   node --experimental-wasm-modules scripts/db.mjs migrate        (npm run db:migrate)
//   node --experimental-wasm-modules scripts/db.mjs new <name>     (npm run db:migration -- <name>)
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { resolveDatabaseUrl, sqliteFilePath } from '../lib/database-url.mjs';

const schemaPath = resolve('prisma/schema.prisma');
const migrationsDir = resolve('prisma/migrations');
const filters = { externalTables: [], externalEnums: [] };

function adapterFactory(url) {
  const file = url === ':memory:' ? url : sqliteFilePath(url);
  if (!file) throw new Error(`Unsupported DATABASE_URL (only file: URLs for SQLite): ${url}`);
  const factory = new PrismaBetterSqlite3({ url: file === ':memory:' ? file : `file:${file}` });
  // When it replays the migrations on the shadow database (to diff them against the schema),
  // the wasm engine sends each migration file through executeRaw in one piece, and
  // better-sqlite3 prepares one statement at a time. Send such scripts to executeScript.
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

function readMigrations() {
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => {
      const file = join(migrationsDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok', value: readFileSync(file, 'utf8') }
            : { tag: 'error', value: `${file} is missing` },
        },
      };
    }),
  };
}

async function openEngine(url) {
  const schema = readFileSync(schemaPath, 'utf8');
  const log = (...a) => process.env.DB_DEBUG && console.error(...a);
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory(url)),
  );
  return { engine, schema };
}

// WAL lets readers go on while one request writes; the setting is stored in the file.
function useWriteAheadLog(url) {
  const file = sqliteFilePath(url);
  if (!file) return;
  const sqlite = new Database(file, { timeout: 5000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
}

/** Applies every migration not yet applied; returns the names it applied. */
export async function migrate(url = resolveDatabaseUrl(process.env.DATABASE_URL)) {
  useWriteAheadLog(url);
  const { engine } = await openEngine(url);
  try {
    return (await engine.applyMigrations({ migrationsList: readMigrations(), filters })).appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/** Writes a new migration folder with the SQL that takes the migrations to the schema. */
async function createMigration(name) {
  if (!/^[a-z0-9_]+$/.test(name ?? '')) {
    throw new Error('Name the migration in snake_case, e.g. `npm run db:migration -- add_passkey_name`');
  }
  const { engine, schema } = await openEngine(':memory:');
  try {
    const list = readMigrations();
    const from = list.migrationDirectories.length ? { tag: 'migrations', ...list } : { tag: 'empty' };
    const { stdout } = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters,
    });
    if (!stdout || /^-- This is an empty migration\.\s*$/.test(stdout)) {
      console.log('The schema matches the migrations: nothing to create.');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'migration.sql'), stdout);
    const lockPath = join(migrationsDir, 'migration_lock.toml');
    if (!existsSync(lockPath)) {
      writeFileSync(
        lockPath,
        '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n',
      );
    }
    console.log(`Created ${dir}/migration.sql`);
  } finally {
    engine.free();
  }
}

const [command, arg] = process.argv.slice(2);
if (command === 'migrate') {
  const url = resolveDatabaseUrl(process.env.DATABASE_URL);
  const applied = await migrate(url);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${url}: ${applied.join(', ')}`
      : `${url} is up to date.`,
  );
} else if (command === 'new') {
  await createMigration(arg);
} else if (command !== undefined) {
  console.error(`Unknown command ${command}. Use: migrate | new <name>`);
  process.exit(2);
}
