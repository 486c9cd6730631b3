import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The scripts read the same .env files as the app. The trap this guards: with DATABASE_URL
// only in .env.local, `npm run db:migrate` migrated the SQLite default while `npm run dev`
// (Next.js, which reads .env.local) served the database named there, unmigrated: health
// "degraded", sign-up 503 schema_missing.
//
// Each case runs in a copy of the parts of the project the script needs, so no .env file is
// ever written into the working tree (where it would change every other test and `npm run dev`).

const root = resolve('.');
let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'passkey-env-files-'));
  for (const path of ['scripts', 'lib/shared', 'prisma', 'package.json', 'prisma.config.ts']) {
    cpSync(join(root, path), join(copy, path), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** The environment of a shell on a developer's machine: no DATABASE_URL, no NODE_ENV. */
function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  // vitest sets both; a developer's `npm run db:migrate` has neither.
  if (!('DATABASE_URL' in extra)) delete env.DATABASE_URL;
  if (!('NODE_ENV' in extra)) delete env.NODE_ENV;
  return env as NodeJS.ProcessEnv;
}

function withEnvFiles(files: Record<string, string>) {
  for (const name of ['.env', '.env.local', '.env.development', '.env.development.local', '.env.production', '.env.test']) {
    rmSync(join(copy, name), { force: true });
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(copy, name), text);
  rmSync(join(copy, 'data'), { recursive: true, force: true });
  mkdirSync(join(copy, 'data'));
}

const migrate = (env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', 'migrate'], {
    cwd: copy,
    env,
    encoding: 'utf8',
  });

function migrationsIn(file: string): number {
  const sqlite = new Database(file, { readonly: true });
  try {
    return (sqlite.prepare('SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

// Each test runs scripts as child processes (migrations and all); on a busy machine that takes seconds.
describe('the database scripts read the .env files as Next.js does', { timeout: 60_000 }, () => {
  it('db:migrate migrates the database .env.local names, not the default', () => {
    withEnvFiles({ '.env.local': 'DATABASE_URL=file:./data/from-env-local.db\n' });
    const result = migrate(shellEnv());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(join(copy, 'data/dev.db'))).toBe(false);
    expect(migrationsIn(join(copy, 'data/from-env-local.db'))).toBeGreaterThan(0);
    expect(result.stdout).toContain('file:./data/from-env-local.db');
  });

  it('takes the files in Next.js’s order, and a real environment variable over all of them', () => {
    withEnvFiles({
      '.env': 'DATABASE_URL=file:./data/from-env.db\n',
      '.env.development': 'DATABASE_URL=file:./data/from-env-development.db\n',
      '.env.local': 'DATABASE_URL=file:./data/from-env-local.db\n',
      '.env.development.local': 'DATABASE_URL=file:./data/from-env-development-local.db\n',
      '.env.production': 'DATABASE_URL=file:./data/from-env-production.db\n',
    });
    expect(migrate(shellEnv()).stdout).toContain('from-env-development-local.db');
    // Production (NODE_ENV=production, as `npm start` and `next build` read): .env.local,
    // then .env.production; no development file.
    expect(migrate(shellEnv({ NODE_ENV: 'production' })).stdout).toContain('from-env-local.db');
    // Tests never read .env.local (so a developer's local settings cannot change a test run).
    expect(migrate(shellEnv({ NODE_ENV: 'test' })).stdout).toContain('from-env.db');
    expect(migrate(shellEnv({ DATABASE_URL: 'file:./data/from-shell.db' })).stdout).toContain('from-shell.db');
  });

  it('prisma.config.ts (the Prisma CLI) picks the provider from the same files', () => {
    withEnvFiles({ '.env.local': 'DATABASE_URL=postgresql://postgres@127.0.0.1:5432/forker_env_files\n' });
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "const { default: c } = await import('./prisma.config.ts'); console.log(JSON.stringify(c.schema))",
      ],
      { cwd: copy, env: shellEnv(), encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toBe('prisma/postgresql/schema.prisma');
  });
});

// Files the npm scripts run that need no .env files of their own: the install step (it runs
// the Prisma CLI, which reads prisma.config.ts) and the e2e suite's tooling (tests never read
// .env.local, and Playwright's config hands the app server its whole environment).
const READS_NO_SETTINGS = new Set(['scripts/prisma-generate.mjs', 'scripts/chromium.mjs']);

describe('every entry point reads the .env files before anything else', () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const run = Object.values(scripts).flatMap((command) =>
    [...command.matchAll(/\b((?:scripts|bench)\/[\w-]+\.(?:mjs|ts)|server\.mjs)\b/g)].map((m) => m[1]!),
  );
  // Also what the Prisma CLI reads, and what the benchmarks start as separate processes.
  const entryPoints = [...new Set([...run, 'prisma.config.ts', 'bench/seed.ts', 'bench/baseline-server.ts'])].filter(
    (file) => !READS_NO_SETTINGS.has(file),
  );

  it.each(entryPoints)('%s', (file) => {
    const firstImport = readFileSync(file, 'utf8').match(/^import\s+[^;]*?'([^']+)'/m)?.[1];
    // Production code (the server, the benchmarks of the production build) reads the
    // production files whatever NODE_ENV says, as `next start` does; the rest follow NODE_ENV.
    const expected = file === 'server.mjs' || file.startsWith('bench/') ? 'load-env-production.mjs' : 'load-env.mjs';
    expect(firstImport?.replace(/^.*\//, '')).toBe(expected);
  });

  it('covers the scripts the README names', () => {
    expect(entryPoints).toEqual(
      expect.arrayContaining([
        'scripts/db.mjs',
        'scripts/seed-demo.ts',
        'scripts/insights.ts',
        'scripts/screenshots.ts',
        'server.mjs',
        'bench/run.ts',
      ]),
    );
  });
});
