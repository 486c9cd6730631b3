import { readFileSync, writeFileSync } from 'node:fs';
import type { Kind } from './support/load';

// The benchmark's results as data (bench/results/latest.json: every run) and as the
// markdown the README shows (bench/results/latest.md): first the headline, the three
// targets with the ratio each is judged by and whether it is met, then per step the run
// with the median throughput of its rounds, and the range.

export type Target = 'next' | 'workers' | 'floor' | 'baseline';

export type Measurement = {
  database: 'sqlite' | 'postgresql';
  round: number;
  target: Target;
  /** 'floor': one request to the bare Next.js app's route handler, counted as a "sign-in". */
  kind: Kind;
  concurrency: number;
  signInsPerSecond: number;
  completed: number;
  failures: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number };
  /** CPU of the server's process tree in the measured window ÷ sign-ins completed in it. */
  appCpuMsPerSignIn: number;
  /** The same for the PostgreSQL server's processes (null on SQLite, which runs in the app). */
  databaseCpuMsPerSignIn: number | null;
  /** The load generator's own CPU (it shares the machine with the server). */
  generatorCpuMsPerSignIn: number;
  /** App CPU seconds per second of the window: 1.0 is one core busy all the time. */
  appCpuUtilisation: number;
  /** Cores other processes used in the window (not the servers, the database or the bench). */
  backgroundCores: number;
  /** Cores the hypervisor gave to other machines in the window. */
  stealCores: number;
  /** Times the step was measured (more than one: the earlier attempts were noisy). */
  attempts: number;
  /** Never quiet in its attempts: the quietest one is kept, and the README is not rewritten. */
  noisy: boolean;
  sessionsWritten: number | null;
  succeededInAll: number;
};

export type BenchReport = {
  startedAt: string;
  finishedAt: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; commit: string };
  settings: {
    rounds: number;
    targets: Target[];
    concurrency: number[];
    workers: number;
    seconds: number;
    warmupSeconds: number;
    serverWarmupSeconds: number;
    quietCores: number;
    maxAttempts: number;
    accounts: number;
    databases: string[];
  };
  measurements: Measurement[];
};

type Database = Measurement['database'];

const NAMES = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;
const TARGET_NAMES: Record<Target, string> = {
  next: 'app, 1 process',
  workers: 'app, workers',
  floor: 'Next.js floor',
  baseline: 'node:http baseline',
};
/** Requests per sign-in: a passkey sign-in is options + verify. */
const REQUESTS: Record<Kind, number> = { passkey: 2, password: 1, floor: 1 };

export const TARGETS = {
  requestCpuRatio: 2.0,
  workerThroughputRatio: 1.6,
  workerSignInsPerSecond: 300,
  workerP99Ms: 150,
};

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runs(report: BenchReport, database: Database, target: Target, kind: Kind, concurrency: number): Measurement[] {
  return report.measurements.filter(
    (m) => m.database === database && m.target === target && m.kind === kind && m.concurrency === concurrency,
  );
}

/** The run with the median throughput of its rounds (the lower middle one for an even count). */
function typical(list: Measurement[]): Measurement | undefined {
  const sorted = [...list].sort((a, b) => a.signInsPerSecond - b.signInsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Median over rounds of a ÷ b, each pair measured one right after the other. */
function pairedRatio(a: Measurement[], b: Measurement[], value: (m: Measurement) => number): number {
  return median(a.map((x) => value(x) / value(b.find((y) => y.round === x.round) ?? ({} as Measurement))));
}

const cpuPerRequest = (m: Measurement) => m.appCpuMsPerSignIn / REQUESTS[m.kind];

type Verdict = { text: string; met: boolean | null };
const verdict = (value: number, digits: number, met: (v: number) => boolean, unit = ''): Verdict =>
  Number.isFinite(value) ? { text: `${fmt(value, digits)}${unit}`, met: met(value) } : { text: '–', met: null };
const cellOf = (v: Verdict) => (v.met === null ? v.text : `${v.text} ${v.met ? '(met)' : '(not met)'}`);

export function headline(report: BenchReport, database: Database) {
  const rows: { label: string; target: string; value: Verdict }[] = [];
  for (const c of report.settings.concurrency) {
    rows.push({
      label: `1. App CPU per request ÷ the Next.js floor's, passkey sign-in, ${c} people`,
      target: `≤ ${fmt(TARGETS.requestCpuRatio, 1)}`,
      value: verdict(
        pairedRatio(runs(report, database, 'next', 'passkey', c), runs(report, database, 'floor', 'floor', c), cpuPerRequest),
        3,
        (v) => v <= TARGETS.requestCpuRatio,
      ),
    });
  }
  const at = report.settings.concurrency.includes(32) ? 32 : report.settings.concurrency.at(-1)!;
  const workers = runs(report, database, 'workers', 'passkey', at);
  const single = runs(report, database, 'next', 'passkey', at);
  rows.push({
    label: `2. Passkey sign-ins/s, ${report.settings.workers} workers ÷ 1 process, ${at} people`,
    target: `≥ ${fmt(TARGETS.workerThroughputRatio, 1)}`,
    value: verdict(
      pairedRatio(workers, single, (m) => m.signInsPerSecond),
      3,
      (v) => v >= TARGETS.workerThroughputRatio,
    ),
  });
  const typicalWorkers = typical(workers);
  rows.push({
    label: `&nbsp;&nbsp;&nbsp;Passkey sign-ins/s, ${report.settings.workers} workers, ${at} people`,
    target: `≥ ${TARGETS.workerSignInsPerSecond}`,
    value: verdict(typicalWorkers?.signInsPerSecond ?? NaN, 0, (v) => v >= TARGETS.workerSignInsPerSecond),
  });
  rows.push({
    label: `&nbsp;&nbsp;&nbsp;Passkey sign-in p99, ${report.settings.workers} workers, ${at} people`,
    target: `< ${TARGETS.workerP99Ms} ms`,
    value: verdict(typicalWorkers?.latencyMs.p99 ?? NaN, 0, (v) => v < TARGETS.workerP99Ms, ' ms'),
  });
  const steps = report.measurements.filter((m) => m.database === database);
  const quiet = steps.filter((m) => !m.noisy).length;
  const again = steps.filter((m) => m.attempts > 1).length;
  rows.push({
    label: `3. Steps kept quiet (others ≤ ${report.settings.quietCores} core; ${again} measured again)`,
    target: 'all',
    value: { text: `${quiet} of ${steps.length}`, met: steps.length > 0 && quiet === steps.length },
  });
  return rows;
}

function table(report: BenchReport, database: Database, kind: Kind): string[] {
  const pg = database === 'postgresql';
  const lines = [
    `| people | server | sign-ins/s (range) | p50 ms | p99 ms | CPU ms/sign-in | CPU ms/request |${pg ? ' db CPU ms/sign-in |' : ''} others, cores (steal) | attempts |`,
    `|---:|---|${'---:|'.repeat(pg ? 8 : 7)}`,
  ];
  for (const concurrency of report.settings.concurrency) {
    for (const target of report.settings.targets) {
      const list = runs(report, database, target, target === 'floor' && kind === 'passkey' ? 'floor' : kind, concurrency);
      const m = typical(list);
      if (!m) continue;
      const rates = list.map((x) => x.signInsPerSecond);
      const range = list.length > 1 ? ` (${fmt(Math.min(...rates), 0)}–${fmt(Math.max(...rates), 0)})` : '';
      const others = list.map((x) => x.backgroundCores + x.stealCores);
      lines.push(
        `| ${concurrency} | ${TARGET_NAMES[target]} | ${fmt(m.signInsPerSecond, 0)}${range} | ${fmt(m.latencyMs.p50, 0)} | ${fmt(m.latencyMs.p99, 0)} | ` +
          `${fmt(m.appCpuMsPerSignIn, 2)} | ${fmt(cpuPerRequest(m), 2)} |${pg ? ` ${fmt(m.databaseCpuMsPerSignIn, 2)} |` : ''} ` +
          `≤ ${fmt(Math.max(...others), 2)} (${fmt(Math.max(...list.map((x) => x.stealCores)), 2)}) | ${list.map((x) => x.attempts).join(', ')} |`,
      );
    }
  }
  return lines;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine: mc, settings } = report;
  const databases = [...new Set(report.measurements.map((m) => m.database))];
  const heads = databases.map((d) => headline(report, d));
  const lines = [
    '# Sign-in benchmark',
    '',
    `${mc.cpu}, ${mc.cores} cores, ${mc.memoryGiB} GiB; ${mc.os}; Node.js ${mc.node}; commit ${mc.commit}; ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC.`,
    `Each server first signs people in for ${settings.serverWarmupSeconds} s unmeasured. Each run: ${settings.warmupSeconds} s warm-up, ${settings.seconds} s measured; ` +
      `the whole matrix ran ${settings.rounds} times with the servers taking turns at each step. ` +
      `A step during which other processes and steal took more than ${settings.quietCores} of a core was measured again (up to ${settings.maxAttempts} times). ` +
      `A cell shows the run with the median throughput (the range over rounds in brackets); a ratio is the median of the rounds' paired ratios. ${settings.accounts} seeded accounts.`,
    '',
    'A passkey sign-in is options + verify + session (two requests); a password sign-in is one request (argon2id, m=19 MiB, t=2, p=1); ' +
      'the floor is one POST to a bare Next.js route handler that reads and answers JSON.',
    'Latency is per sign-in, as the client saw it. CPU is the server process tree\'s (all processes and threads); "db CPU" the PostgreSQL server\'s.',
    'The load generator runs on the same machine (loopback) and takes CPU from the server.',
    '',
    '## Headline',
    '',
    `| | target | ${databases.map((d) => NAMES[d]).join(' | ')} |`,
    `|---|---|${databases.map(() => '---:|').join('')}`,
  ];
  heads[0]?.forEach((row, i) => lines.push(`| ${row.label} | ${row.target} | ${heads.map((h) => cellOf(h[i]!.value)).join(' | ')} |`));
  for (const database of databases) {
    for (const kind of ['passkey', 'password'] as const) {
      lines.push('', `## ${NAMES[database]}, ${kind} sign-in`, '', ...table(report, database, kind));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Puts the report (without its title) between the README's bench markers. */
export function writeReadmeTable(readmePath: string, markdown: string): void {
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const body = markdown
    .replace(/^# .*\n\n/, '')
    .replace(/^## /gm, '#### ')
    .trimEnd();
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${readmePath} has no ${start} … ${end} section`);
  writeFileSync(readmePath, `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`);
}
