import type { Kind } from './support/load';

// The benchmark's results as data (bench/results/latest.json: every run) and as the
// markdown tables the README shows (bench/results/latest.md: per step, the run with the
// median throughput of its rounds, and the range).

export type Measurement = {
  database: 'sqlite' | 'postgresql';
  round: number;
  target: 'next' | 'baseline';
  kind: Kind;
  concurrency: number;
  signInsPerSecond: number;
  completed: number;
  failures: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number };
  /** CPU of the app's process tree in the measured window ÷ sign-ins completed in it. */
  appCpuMsPerSignIn: number;
  /** The same for the PostgreSQL server's processes (null on SQLite, which runs in the app). */
  databaseCpuMsPerSignIn: number | null;
  /** The load generator's own CPU (it shares the machine with the server). */
  generatorCpuMsPerSignIn: number;
  /** App CPU seconds per second of the window: 1.0 is one core busy all the time. */
  appCpuUtilisation: number;
  sessionsWritten: number;
  succeededInAll: number;
};

export type BenchReport = {
  startedAt: string;
  finishedAt: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; commit: string };
  settings: {
    rounds: number;
    concurrency: number[];
    seconds: number;
    warmupSeconds: number;
    serverWarmupSeconds: number;
    accounts: number;
    databases: string[];
  };
  measurements: Measurement[];
};

type Database = Measurement['database'];
type Target = Measurement['target'];

const NAMES = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runs(report: BenchReport, database: Database, kind: Kind, concurrency: number, target: Target): Measurement[] {
  return report.measurements.filter(
    (m) => m.database === database && m.kind === kind && m.concurrency === concurrency && m.target === target,
  );
}

/** The run with the median throughput of its rounds (the lower middle one for an even count). */
function typical(list: Measurement[]): Measurement | undefined {
  const sorted = [...list].sort((a, b) => a.signInsPerSecond - b.signInsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Median over rounds of next ÷ baseline, each pair measured one after the other. */
function pairedRatio(
  report: BenchReport,
  database: Database,
  kind: Kind,
  concurrency: number,
  value: (m: Measurement) => number,
): number {
  const next = runs(report, database, kind, concurrency, 'next');
  const base = runs(report, database, kind, concurrency, 'baseline');
  return median(next.map((n) => value(n) / value(base.find((b) => b.round === n.round)!)));
}

function table(report: BenchReport, database: Database, kind: Kind): string[] {
  const pg = database === 'postgresql';
  const side = (list: Measurement[]) => {
    const m = typical(list);
    const rates = list.map((x) => x.signInsPerSecond);
    const range = list.length > 1 ? ` (${fmt(Math.min(...rates), 0)}–${fmt(Math.max(...rates), 0)})` : '';
    return [`${fmt(m?.signInsPerSecond, 0)}${range}`, fmt(m?.latencyMs.p50, 0), fmt(m?.latencyMs.p99, 0), fmt(m?.appCpuMsPerSignIn, 1)].concat(
      pg ? [fmt(m?.databaseCpuMsPerSignIn, 1)] : [],
    );
  };
  const head = ['sign-ins/s', 'p50 ms', 'p99 ms', 'app CPU ms'].concat(pg ? ['db CPU ms'] : []);
  const lines = [
    `| people | ${head.map((h) => `Next.js ${h}`).join(' | ')} | ${head.map((h) => `baseline ${h}`).join(' | ')} | Next.js ÷ baseline: sign-ins/s | Next.js ÷ baseline: app CPU |`,
    `|${'---:|'.repeat(1 + head.length * 2 + 2)}`,
  ];
  for (const concurrency of report.settings.concurrency) {
    const next = runs(report, database, kind, concurrency, 'next');
    const base = runs(report, database, kind, concurrency, 'baseline');
    if (!next.length && !base.length) continue;
    lines.push(
      `| ${concurrency} | ${side(next).join(' | ')} | ${side(base).join(' | ')} | ` +
        `${fmt(pairedRatio(report, database, kind, concurrency, (m) => m.signInsPerSecond), 2)} | ` +
        `${fmt(pairedRatio(report, database, kind, concurrency, (m) => m.appCpuMsPerSignIn), 2)} |`,
    );
  }
  return lines;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine: mc, settings } = report;
  const databases = [...new Set(report.measurements.map((m) => m.database))];
  const at = settings.concurrency.includes(32) ? 32 : settings.concurrency.at(-1)!;
  const cell = (d: Database, kind: Kind, target: Target) => typical(runs(report, d, kind, at, target));
  const lines = [
    '# Sign-in benchmark',
    '',
    `${mc.cpu}, ${mc.cores} cores, ${mc.memoryGiB} GiB; ${mc.os}; Node.js ${mc.node}; commit ${mc.commit}; ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC.`,
    `Each server first signs people in for ${settings.serverWarmupSeconds} s unmeasured. Each run: ${settings.warmupSeconds} s warm-up, ${settings.seconds} s measured; ` +
      `the whole matrix ran ${settings.rounds} times with Next.js and the baseline taking turns at each step. ` +
      `A cell shows the run with the median throughput (the range over rounds in brackets); a ratio is the median of the rounds' paired ratios. ${settings.accounts} seeded accounts.`,
    '',
    'A passkey sign-in is options + verify + session (two requests); a password sign-in is one request (argon2id, m=19 MiB, t=2, p=1).',
    'Latency is per sign-in, as the client saw it. "app CPU" is the server process tree\'s CPU time per sign-in (all threads); "db CPU" the PostgreSQL server\'s.',
    'The load generator runs on the same machine (loopback) and takes CPU from the server; "people" is how many sign in at once, each starting again as soon as the last sign-in ended.',
    '',
    `## Headline (${at} people at once)`,
    '',
    `| | ${databases.map((d) => NAMES[d]).join(' | ')} |`,
    `|---|${databases.map(() => '---:|').join('')}`,
  ];
  const row = (label: string, value: (d: Database) => string) => lines.push(`| ${label} | ${databases.map(value).join(' | ')} |`);
  row('Next.js throughput ÷ bare node:http baseline, passkey sign-in', (d) =>
    fmt(pairedRatio(report, d, 'passkey', at, (m) => m.signInsPerSecond), 2),
  );
  row('Next.js app CPU ÷ baseline app CPU, per passkey sign-in', (d) =>
    fmt(pairedRatio(report, d, 'passkey', at, (m) => m.appCpuMsPerSignIn), 2),
  );
  row('Passkey sign-in app CPU ÷ password sign-in app CPU, Next.js', (d) =>
    fmt(median(runs(report, d, 'passkey', at, 'next').map((p) => p.appCpuMsPerSignIn / (runs(report, d, 'password', at, 'next').find((w) => w.round === p.round)?.appCpuMsPerSignIn ?? NaN))), 2),
  );
  row('The same, baseline', (d) =>
    fmt(median(runs(report, d, 'passkey', at, 'baseline').map((p) => p.appCpuMsPerSignIn / (runs(report, d, 'password', at, 'baseline').find((w) => w.round === p.round)?.appCpuMsPerSignIn ?? NaN))), 2),
  );
  row('Passkey sign-ins/s, Next.js', (d) => fmt(cell(d, 'passkey', 'next')?.signInsPerSecond, 0));
  row('Passkey sign-in p99, Next.js', (d) => `${fmt(cell(d, 'passkey', 'next')?.latencyMs.p99, 0)} ms`);
  row('Passkey sign-ins/s, baseline', (d) => fmt(cell(d, 'passkey', 'baseline')?.signInsPerSecond, 0));
  row('Passkey sign-in p99, baseline', (d) => `${fmt(cell(d, 'passkey', 'baseline')?.latencyMs.p99, 0)} ms`);
  for (const database of databases) {
    for (const kind of ['passkey', 'password'] as const) {
      lines.push('', `## ${NAMES[database]}, ${kind} sign-in`, '', ...table(report, database, kind));
    }
  }
  return `${lines.join('\n')}\n`;
}
