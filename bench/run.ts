// First: the .env files the production build reads (lib/shared/env-files.mjs).
import '@/lib/shared/load-env-production.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { SERVER_NODE, buildApp, buildFloor, serverEnv, startApp, startFloor } from './support/app';
import { BenchDatabase, recreateDatabase } from './support/database';
import { peopleFrom, runLoad, type Kind } from './support/load';
import { measure } from './support/measure';
import { startServer, type Server } from './support/processes';
import { machine } from './support/stats';
import { BENCH_PASSWORD } from './support/accounts';
import { renderMarkdown, writeReadmeTable, type BenchReport, type Measurement, type Target } from './report';

// `npm run bench`: sign-ins per second, latency and CPU per sign-in, for passkeys and
// passwords, on the production build served as `npm start` serves it (server.mjs), on SQLite
// and PostgreSQL, loopback only. Four servers take turns at every step:
//   next      the app, one process (WEB_CONCURRENCY=1)
//   workers   the app, one worker process per core (npm start's default)
//   floor     a bare Next.js app whose one POST route handler reads JSON and answers JSON
//             (bench/floor): what the framework itself costs per request, on this machine today
//   baseline  the app's own modules behind a bare node:http server (bench/baseline-server.ts)
// A step measured while other processes (or the hypervisor's steal) took more than
// BENCH_QUIET_CORES of a core is measured again, up to BENCH_MAX_ATTEMPTS times; the report
// says which steps needed it and which never were quiet.
// Writes bench/results/latest.json and latest.md, and the README's table when every step
// was quiet. See README "Benchmark".
//
// Environment (all optional):
//   BENCH_DATABASES=sqlite,postgresql   which databases
//   BENCH_TARGETS=next,workers,floor,baseline
//   BENCH_CONCURRENCY=8,32              simulated people signing in at once
//   BENCH_WORKERS=<cores>               worker processes of the `workers` target
//   BENCH_ROUNDS=3                      times the whole matrix runs (the report takes medians)
//   BENCH_SECONDS=8 BENCH_WARMUP_SECONDS=2   measured and warm-up time per run
//   BENCH_SERVER_WARMUP_SECONDS=10      unmeasured sign-ins per server and kind before the runs
//   BENCH_QUIET_CORES=0.25 BENCH_MAX_ATTEMPTS=4
//   BENCH_ACCOUNTS=2048                 seeded accounts (each with a password and a passkey)
//   BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/passkey_bench
//   BENCH_SKIP_BUILD=1                  reuse the last build in .next-bench
//   BENCH_NODE=/path/to/node            run the servers on another Node.js (PostgreSQL only)
//   BENCH_OUT=bench/results             where the results go

const env = process.env;
const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const settings = {
  databases: list(env.BENCH_DATABASES, 'sqlite,postgresql') as ('sqlite' | 'postgresql')[],
  targets: list(env.BENCH_TARGETS, 'next,workers,floor,baseline') as Target[],
  concurrency: list(env.BENCH_CONCURRENCY, '8,32').map(Number),
  workers: Number(env.BENCH_WORKERS ?? availableParallelism()),
  rounds: Number(env.BENCH_ROUNDS ?? 3),
  seconds: Number(env.BENCH_SECONDS ?? 8),
  serverWarmupSeconds: Number(env.BENCH_SERVER_WARMUP_SECONDS ?? 10),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 2),
  quietCores: Number(env.BENCH_QUIET_CORES ?? 0.25),
  maxAttempts: Number(env.BENCH_MAX_ATTEMPTS ?? 4),
  accounts: Number(env.BENCH_ACCOUNTS ?? 2048),
  postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/passkey_bench',
  out: env.BENCH_OUT ?? 'bench/results',
};
const PORTS: Record<Target, number> = { next: 3300, baseline: 3301, workers: 3302, floor: 3303 };
const APP_KINDS: Kind[] = ['passkey', 'password'];

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status}`);
}

// The whole load comes from one address (127.0.0.1), and the app limits per address the
// passkey sign-in options (60 per window, against floods) and the password attempts in flight
// or failed (20: an attempt takes its place before the password is checked, so 32 people at
// once would be refused): the benchmark lifts those two limits, and no other.
const BENCH_ENV = { SIGN_IN_OPTIONS_MAX_PER_CLIENT: '100000', SIGN_IN_MAX_FAILURES_PER_CLIENT: '100000' };

async function startServers(databaseUrl: string, logDir: string): Promise<Partial<Record<Target, Server>>> {
  const servers: Partial<Record<Target, Server>> = {};
  const wanted = new Set(settings.targets);
  if (wanted.has('next')) servers.next = await startApp({ databaseUrl, port: PORTS.next, logFile: `${logDir}/next.log`, env: BENCH_ENV });
  if (wanted.has('workers')) {
    servers.workers = await startApp({
      name: 'workers',
      databaseUrl,
      port: PORTS.workers,
      logFile: `${logDir}/workers.log`,
      env: BENCH_ENV,
      workers: settings.workers,
    });
  }
  if (wanted.has('floor')) servers.floor = await startFloor({ port: PORTS.floor, logFile: `${logDir}/floor.log` });
  if (wanted.has('baseline')) {
    servers.baseline = await startServer({
      name: 'baseline',
      command: SERVER_NODE,
      args: ['--import', 'tsx', '--conditions=react-server', 'bench/baseline-server.ts'],
      env: serverEnv(databaseUrl, PORTS.baseline, BENCH_ENV),
      port: PORTS.baseline,
      logFile: `${logDir}/baseline.log`,
    });
  }
  return servers;
}

function serverNodeVersion(): string {
  return spawnSync(SERVER_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** The steps of one round, in the order they run: at each step every server takes its turn. */
function plan(servers: Partial<Record<Target, Server>>): { target: Target; kind: Kind; concurrency: number }[] {
  const steps: { target: Target; kind: Kind; concurrency: number }[] = [];
  for (const concurrency of settings.concurrency) {
    for (const kind of APP_KINDS) {
      for (const target of ['next', 'workers', 'baseline'] as const) {
        // The workers' target is the passkey sign-in; password sign-ins are argon2's.
        if (!servers[target] || (target === 'workers' && kind !== 'passkey')) continue;
        steps.push({ target, kind, concurrency });
      }
      if (kind === 'passkey' && servers.floor) steps.push({ target: 'floor', kind: 'floor', concurrency });
    }
  }
  return steps;
}

async function main() {
  mkdirSync(settings.out, { recursive: true });
  mkdirSync('bench/tmp', { recursive: true });
  if (env.BENCH_SKIP_BUILD !== '1') buildApp();
  if (settings.targets.includes('floor')) buildFloor();
  const started = new Date();
  const measurements: Measurement[] = [];
  for (const provider of settings.databases) {
    const url = provider === 'sqlite' ? 'file:./data/bench.db' : settings.postgresUrl;
    console.log(`\n== ${provider}: seeding ${settings.accounts} accounts`);
    recreateDatabase(url);
    const accountsFile = `bench/tmp/accounts-${provider}.json`;
    run(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'bench/seed.ts', String(settings.accounts), accountsFile], {
      DATABASE_URL: url,
    });
    const people = peopleFrom(JSON.parse(readFileSync(accountsFile, 'utf8')));
    const database = new BenchDatabase(url);
    const servers = await startServers(url, 'bench/tmp');
    try {
      const steps = plan(servers);
      // A fresh server is slower until V8 has optimised its hot code: measured, the first
      // run on a new `next start` cost 1.5 times the CPU per sign-in of the runs after it.
      const warmed = new Set<string>();
      for (const { target, kind } of steps) {
        if (warmed.has(`${target} ${kind}`)) continue;
        warmed.add(`${target} ${kind}`);
        await runLoad({
          origin: servers[target]!.origin,
          kind,
          concurrency: 8,
          people,
          password: BENCH_PASSWORD,
          warmupSeconds: 0,
          measureSeconds: settings.serverWarmupSeconds / 2,
          onWindow: () => {},
        });
      }
      // A shared virtual machine's speed drifts by tens of percent within minutes (measured:
      // the same argon2 work took 20 ms of CPU, then 30). So the whole matrix runs several
      // times, the servers take turns at each step, and the report takes medians of ratios
      // between neighbours.
      for (let pass = 1; pass <= settings.rounds; pass++) {
        for (const { target, kind, concurrency } of steps) {
          const server = servers[target]!;
          measurements.push({
            database: provider,
            round: pass,
            ...(await measure({ server, target, database, kind, concurrency, people }, settings)),
          });
        }
      }
    } finally {
      for (const server of Object.values(servers)) await server.stop();
      await database.close();
    }
  }
  const report: BenchReport = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machine(serverNodeVersion()),
    settings,
    measurements,
  };
  writeFileSync(`${settings.out}/latest.json`, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = renderMarkdown(report);
  writeFileSync(`${settings.out}/latest.md`, markdown);
  console.log(`\n${markdown}`);
  const noisy = measurements.filter((m) => m.noisy).length;
  if (settings.out === 'bench/results') {
    if (noisy) console.log(`README not updated: ${noisy} of ${measurements.length} steps were never quiet. Run again when the machine is.`);
    else writeReadmeTable('README.md', markdown);
  }
  const failures = measurements.flatMap((m) => Object.keys(m.failures));
  if (failures.length) {
    console.error(`Some sign-ins failed: ${[...new Set(failures)].join(', ')}`);
    process.exit(1);
  }
}

await main();
