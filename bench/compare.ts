// First: the .env files the production build reads (lib/shared/env-files.mjs).
import '@/lib/shared/load-env-production.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startApp } from './support/app';
import { BenchDatabase, recreateDatabase } from './support/database';
import { BENCH_PASSWORD } from './support/accounts';
import { peopleFrom, runLoad } from './support/load';
import { measure } from './support/measure';
import { machine } from './support/stats';
import type { Measurement } from './report';

// `npm run bench:compare -- <other checkout>`: what a change did to a passkey sign-in. The
// production builds of two checkouts of the app (another one, "before", and this one,
// "after") run side by side on one seeded database, one process each, and take turns step by
// step (before-after, then after-before, so a drift of the machine's speed falls on both
// equally). Each pair gives a ratio of CPU per sign-in; the report is the median of the
// pairs and every pair. Steps measured while others used the machine are measured again, as
// in `npm run bench`. Writes bench/results/compare.json and compare.md.
//
// The other checkout needs its own install and build, for example:
//   git worktree add ../before <commit> && cp -al node_modules ../before/ &&
//   (cd ../before && node scripts/prisma-generate.mjs && NEXT_DIST_DIR=.next-bench npx next build)
// Settings: BENCH_DATABASES=sqlite,postgresql BENCH_CONCURRENCY=8,32 BENCH_ROUNDS=4
//   BENCH_SECONDS=8 BENCH_WARMUP_SECONDS=2 BENCH_SKIP_BUILD=1 (this checkout's .next-bench)

const env = process.env;
const before = process.argv[2];
if (!before) {
  console.error('usage: npm run bench:compare -- <path to the other checkout, built into .next-bench>');
  process.exit(2);
}
const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const settings = {
  before,
  databases: list(env.BENCH_DATABASES, 'sqlite,postgresql') as ('sqlite' | 'postgresql')[],
  concurrency: list(env.BENCH_CONCURRENCY, '8,32').map(Number),
  rounds: Number(env.BENCH_ROUNDS ?? 4),
  seconds: Number(env.BENCH_SECONDS ?? 8),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 2),
  serverWarmupSeconds: 10,
  quietCores: Number(env.BENCH_QUIET_CORES ?? 0.25),
  maxAttempts: Number(env.BENCH_MAX_ATTEMPTS ?? 4),
  accounts: 2048,
  out: env.BENCH_OUT ?? 'bench/results',
};
const BENCH_ENV = { SIGN_IN_OPTIONS_MAX_PER_CLIENT: '100000', SIGN_IN_MAX_FAILURES_PER_CLIENT: '100000' };
type Build = 'before' | 'after';
type Pair = { database: string; concurrency: number; round: number } & Record<Build, Omit<Measurement, 'database' | 'round'>>;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main() {
  if (env.BENCH_SKIP_BUILD !== '1') {
    const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...env, NEXT_DIST_DIR: '.next-bench' } });
    if (built.status !== 0) throw new Error('next build failed');
  }
  mkdirSync('bench/tmp', { recursive: true });
  const pairs: Pair[] = [];
  for (const provider of settings.databases) {
    const url =
      provider === 'sqlite'
        ? `file:${process.cwd()}/data/bench.db`
        : (env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/passkey_bench');
    console.log(`\n== ${provider}: seeding ${settings.accounts} accounts`);
    recreateDatabase(url);
    const accountsFile = `bench/tmp/accounts-${provider}.json`;
    const seeded = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=react-server', 'bench/seed.ts', String(settings.accounts), accountsFile],
      {
        stdio: 'inherit',
        env: { ...env, DATABASE_URL: url },
      },
    );
    if (seeded.status !== 0) throw new Error('seeding failed');
    const people = peopleFrom(JSON.parse(readFileSync(accountsFile, 'utf8')));
    const database = new BenchDatabase(url);
    const servers = {
      before: await startApp({
        name: 'before',
        dir: settings.before,
        databaseUrl: url,
        port: 3310,
        logFile: 'bench/tmp/compare-before.log',
        env: BENCH_ENV,
      }),
      after: await startApp({ name: 'after', databaseUrl: url, port: 3311, logFile: 'bench/tmp/compare-after.log', env: BENCH_ENV }),
    };
    try {
      for (const server of Object.values(servers)) {
        await runLoad({
          origin: server.origin,
          kind: 'passkey',
          concurrency: 8,
          people,
          password: BENCH_PASSWORD,
          warmupSeconds: 0,
          measureSeconds: settings.serverWarmupSeconds,
          onWindow: () => {},
        });
      }
      for (let round = 1; round <= settings.rounds; round++) {
        for (const concurrency of settings.concurrency) {
          const order: Build[] = round % 2 ? ['before', 'after'] : ['after', 'before'];
          const pair = { database: provider, concurrency, round } as Pair;
          for (const build of order) {
            const m = await measure({ server: servers[build], target: 'next', database, kind: 'passkey', concurrency, people }, settings);
            pair[build] = { ...m, target: 'next' };
            console.log(
              `  ${build.padEnd(6)} c=${concurrency} ${m.signInsPerSecond}/s, ${m.appCpuMsPerSignIn} ms CPU per sign-in${m.noisy ? ' NOISY' : ''}`,
            );
          }
          pairs.push(pair);
        }
      }
    } finally {
      await servers.before.stop();
      await servers.after.stop();
      await database.close();
    }
  }
  const lines = [
    '# Before and after: CPU per passkey sign-in',
    '',
    `Before: commit ${gitCommit(settings.before)}; after: commit ${gitCommit('.')}. One process each (\`npm start\` with one worker), taking turns; ${settings.rounds} rounds, ${settings.seconds} s measured per step. CPU is the server process's, per passkey sign-in.`,
    '',
    '| database | people | before, median ms | after, median ms | after ÷ before (median of pairs) | pairs (before → after, ms) | noisy steps |',
    '|---|---:|---:|---:|---:|---|---:|',
  ];
  for (const provider of settings.databases) {
    for (const concurrency of settings.concurrency) {
      const these = pairs.filter((p) => p.database === provider && p.concurrency === concurrency);
      const ms = (build: Build) => these.map((p) => p[build].appCpuMsPerSignIn);
      const ratio = median(these.map((p) => p.after.appCpuMsPerSignIn / p.before.appCpuMsPerSignIn));
      const noisy = these.filter((p) => p.before.noisy || p.after.noisy).length;
      lines.push(
        `| ${provider} | ${concurrency} | ${median(ms('before')).toFixed(2)} | ${median(ms('after')).toFixed(2)} | ${ratio.toFixed(2)} | ` +
          `${these.map((p) => `${p.before.appCpuMsPerSignIn.toFixed(2)} → ${p.after.appCpuMsPerSignIn.toFixed(2)}`).join('; ')} | ${noisy} |`,
      );
    }
  }
  const markdown = `${lines.join('\n')}\n`;
  mkdirSync(settings.out, { recursive: true });
  writeFileSync(
    `${settings.out}/compare.json`,
    `${JSON.stringify({ settings: { ...settings, before: gitCommit(settings.before) }, machine: machine(process.version), pairs }, null, 2)}\n`,
  );
  writeFileSync(`${settings.out}/compare.md`, markdown);
  console.log(`\n${markdown}`);
}

function gitCommit(dir: string): string {
  return spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
}

await main();
