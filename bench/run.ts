import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SERVER_NODE, buildApp, serverEnv, startApp } from './support/app';
import { BenchDatabase, recreateDatabase } from './support/database';
import { peopleFrom, runLoad, type Kind } from './support/load';
import { cpuSecondsOf, startServer, treeUsage, type Server } from './support/processes';
import { machine, percentile, round } from './support/stats';
import { BENCH_PASSWORD } from './support/accounts';
import { renderMarkdown, type BenchReport, type Measurement } from './report';

// `npm run bench`: sign-ins per second, latency and CPU per sign-in, for passkeys and
// passwords, on the production build (`next build` + `next start`) and on the bare
// node:http baseline (bench/baseline-server.ts), on SQLite and PostgreSQL. Loopback only.
// Writes bench/results/latest.json and latest.md. See README "Benchmark".
//
// Environment (all optional):
//   BENCH_DATABASES=sqlite,postgresql   which databases
//   BENCH_CONCURRENCY=1,8,32,64         simulated people signing in at once
//   BENCH_ROUNDS=3                      times the whole matrix runs (the report takes medians)
//   BENCH_SECONDS=8 BENCH_WARMUP_SECONDS=2   measured and warm-up time per run
//   BENCH_SERVER_WARMUP_SECONDS=10      unmeasured sign-ins per server and kind before the runs
//   BENCH_ACCOUNTS=2048                 seeded accounts (each with a password and a passkey)
//   BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/passkey_bench
//   BENCH_SKIP_BUILD=1                  reuse the last build in .next-bench
//   BENCH_NODE=/path/to/node            run both servers on another Node.js (PostgreSQL only)
//   BENCH_OUT=bench/results             where the results go

const env = process.env;
const list = (value: string | undefined, fallback: string) => (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const settings = {
  databases: list(env.BENCH_DATABASES, 'sqlite,postgresql') as ('sqlite' | 'postgresql')[],
  concurrency: list(env.BENCH_CONCURRENCY, '1,8,32,64').map(Number),
  rounds: Number(env.BENCH_ROUNDS ?? 3),
  seconds: Number(env.BENCH_SECONDS ?? 8),
  serverWarmupSeconds: Number(env.BENCH_SERVER_WARMUP_SECONDS ?? 10),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 2),
  accounts: Number(env.BENCH_ACCOUNTS ?? 2048),
  postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/passkey_bench',
  out: env.BENCH_OUT ?? 'bench/results',
};
const PORTS = { next: 3300, baseline: 3301 } as const;
const KINDS: Kind[] = ['passkey', 'password'];

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status}`);
}

// The whole load comes from one address (127.0.0.1), and the app limits passkey sign-in
// options per address (60 per window, against floods): the benchmark lifts that one limit.
const BENCH_ENV = { SIGN_IN_OPTIONS_MAX_PER_CLIENT: '100000' };

async function startServers(databaseUrl: string, logDir: string): Promise<Record<'next' | 'baseline', Server>> {
  const next = await startApp({ databaseUrl, port: PORTS.next, logFile: `${logDir}/next.log`, env: BENCH_ENV });
  const baseline = await startServer({
    name: 'baseline',
    command: SERVER_NODE,
    args: ['--import', 'tsx', '--conditions=react-server', 'bench/baseline-server.ts'],
    env: serverEnv(databaseUrl, PORTS.baseline, BENCH_ENV),
    port: PORTS.baseline,
    logFile: `${logDir}/baseline.log`,
  });
  return { next, baseline };
}

async function measure(input: {
  server: Server;
  database: BenchDatabase;
  kind: Kind;
  concurrency: number;
  people: ReturnType<typeof peopleFrom>;
}): Promise<Omit<Measurement, 'database' | 'round'>> {
  const { server, database, kind, concurrency } = input;
  await database.resetRunTables();
  const pid = server.process.pid!;
  const marks: Record<string, { app: number; db: number; generator: number }> = {};
  const result = await runLoad({
    origin: server.origin,
    kind,
    concurrency,
    people: input.people,
    password: BENCH_PASSWORD,
    warmupSeconds: settings.warmupSeconds,
    measureSeconds: settings.seconds,
    onWindow: (edge) => {
      const generator = process.cpuUsage();
      marks[edge] = {
        app: treeUsage(pid).cpuSeconds,
        db: database.provider === 'postgresql' ? cpuSecondsOf('postgres') : 0,
        generator: (generator.user + generator.system) / 1e6,
      };
    },
  });
  // Every sign-in the server said yes to made exactly one session, and nothing else did.
  const sessions = await database.count('SELECT COUNT(*) AS n FROM "Session" WHERE "authMethod" = ?', kind);
  const cpu = (key: 'app' | 'db' | 'generator') => marks.close![key] - marks.open![key];
  const perSignIn = (seconds: number) => (result.completed ? round((seconds / result.completed) * 1000, 2) : NaN);
  const m: Omit<Measurement, 'database' | 'round'> = {
    target: server.name as Measurement['target'],
    kind,
    concurrency,
    signInsPerSecond: round(result.completed / result.measuredSeconds, 1),
    completed: result.completed,
    failures: result.failures,
    latencyMs: {
      p50: round(percentile(result.latenciesMs, 50), 1),
      p95: round(percentile(result.latenciesMs, 95), 1),
      p99: round(percentile(result.latenciesMs, 99), 1),
    },
    appCpuMsPerSignIn: perSignIn(cpu('app')),
    databaseCpuMsPerSignIn: database.provider === 'postgresql' ? perSignIn(cpu('db')) : null,
    generatorCpuMsPerSignIn: perSignIn(cpu('generator')),
    appCpuUtilisation: round(cpu('app') / result.measuredSeconds, 2),
    sessionsWritten: sessions,
    succeededInAll: result.succeededInAll,
  };
  const failed = Object.values(result.failures).reduce((a, b) => a + b, 0);
  console.log(
    `${m.target.padEnd(8)} ${kind.padEnd(8)} c=${String(concurrency).padEnd(3)} ${String(m.signInsPerSecond).padStart(7)}/s  ` +
      `p50 ${m.latencyMs.p50} p95 ${m.latencyMs.p95} p99 ${m.latencyMs.p99} ms  app CPU ${m.appCpuMsPerSignIn} ms/sign-in` +
      (m.databaseCpuMsPerSignIn !== null ? `  db CPU ${m.databaseCpuMsPerSignIn} ms` : '') +
      (failed ? `  FAILURES ${JSON.stringify(result.failures)}` : ''),
  );
  if (sessions !== result.succeededInAll) {
    throw new Error(`${server.name}: ${result.succeededInAll} sign-ins succeeded but ${sessions} ${kind} sessions were written`);
  }
  return m;
}

function serverNodeVersion(): string {
  return spawnSync(SERVER_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

async function main() {
  mkdirSync(settings.out, { recursive: true });
  mkdirSync('bench/tmp', { recursive: true });
  if (env.BENCH_SKIP_BUILD !== '1') buildApp();
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
      // A fresh server is slower until V8 has optimised its hot code: measured, the first
      // run on a new `next start` cost 1.5 times the CPU per sign-in of the runs after it.
      for (const server of [servers.next, servers.baseline]) {
        for (const kind of KINDS) {
          await runLoad({
            origin: server.origin,
            kind,
            concurrency: 8,
            people,
            password: BENCH_PASSWORD,
            warmupSeconds: 0,
            measureSeconds: settings.serverWarmupSeconds / 2,
            onWindow: () => {},
          });
        }
      }
      // A shared virtual machine's speed drifts by tens of percent within minutes (measured:
      // the same argon2 work took 20 ms of CPU, then 30). So the whole matrix runs several
      // times, the two servers take turns at each step, and the report takes medians.
      for (let pass = 1; pass <= settings.rounds; pass++) {
        for (const kind of KINDS) {
          for (const concurrency of settings.concurrency) {
            for (const server of [servers.next, servers.baseline]) {
              measurements.push({ database: provider, round: pass, ...(await measure({ server, database, kind, concurrency, people })) });
            }
          }
        }
      }
    } finally {
      await servers.next.stop();
      await servers.baseline.stop();
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
  const failures = measurements.flatMap((m) => Object.keys(m.failures));
  if (failures.length) {
    console.error(`Some sign-ins failed: ${[...new Set(failures)].join(', ')}`);
    process.exit(1);
  }
}

await main();
