import type { Kind } from './support/load';

// The benchmark's results as data (bench/results/latest.json) and as the markdown tables
// the README shows (bench/results/latest.md).

export type Measurement = {
  database: 'sqlite' | 'postgresql';
  target: 'next' | 'baseline';
  kind: Kind;
  concurrency: number;
  signInsPerSecond: number;
  completed: number;
  failures: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number };
  /** CPU of the app's process tree in the measured window ÷ sign-ins completed in it. */
  appCpuMsPerSignIn: number;
  /** The same for every PostgreSQL server process (null on SQLite, which runs in the app). */
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
    concurrency: number[];
    seconds: number;
    warmupSeconds: number;
    serverWarmupSeconds: number;
    accounts: number;
    databases: string[];
  };
  measurements: Measurement[];
};

const NAMES = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

function find(report: BenchReport, m: Omit<Partial<Measurement>, 'failures'>): Measurement | undefined {
  return report.measurements.find((x) =>
    (Object.keys(m) as (keyof typeof m)[]).every((key) => x[key] === m[key]),
  );
}

function ratio(a: number | undefined, b: number | undefined, digits = 2): string {
  return a && b ? (a / b).toFixed(digits) : '–';
}

function table(report: BenchReport, database: Measurement['database'], kind: Kind): string[] {
  const pg = database === 'postgresql';
  const side = (m: Measurement | undefined) =>
    [fmt(m?.signInsPerSecond), fmt(m?.latencyMs.p50), fmt(m?.latencyMs.p95), fmt(m?.latencyMs.p99), fmt(m?.appCpuMsPerSignIn, 2)]
      .concat(pg ? [fmt(m?.databaseCpuMsPerSignIn, 2)] : []);
  const head = ['sign-ins/s', 'p50 ms', 'p95 ms', 'p99 ms', 'app CPU ms'].concat(pg ? ['db CPU ms'] : []);
  const lines = [
    `| people | ${head.map((h) => `Next.js ${h}`).join(' | ')} | ${head.map((h) => `baseline ${h}`).join(' | ')} | Next.js ÷ baseline, sign-ins/s | Next.js ÷ baseline, app CPU |`,
    `|${'---:|'.repeat(1 + head.length * 2 + 2)}`,
  ];
  for (const concurrency of report.settings.concurrency) {
    const next = find(report, { database, kind, concurrency, target: 'next' });
    const base = find(report, { database, kind, concurrency, target: 'baseline' });
    if (!next && !base) continue;
    lines.push(
      `| ${concurrency} | ${side(next).join(' | ')} | ${side(base).join(' | ')} | ${ratio(next?.signInsPerSecond, base?.signInsPerSecond)} | ${ratio(next?.appCpuMsPerSignIn, base?.appCpuMsPerSignIn)} |`,
    );
  }
  return lines;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine: mc, settings } = report;
  const databases = [...new Set(report.measurements.map((m) => m.database))];
  const headlineAt = settings.concurrency.includes(32) ? 32 : settings.concurrency.at(-1)!;
  const lines = [
    '# Sign-in benchmark',
    '',
    `${mc.cpu}, ${mc.cores} cores, ${mc.memoryGiB} GiB; ${mc.os}; Node.js ${mc.node}; commit ${mc.commit}; ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC.`,
    `Each server first signs people in for ${settings.serverWarmupSeconds} s unmeasured; then each run is ${settings.warmupSeconds} s warm-up and ${settings.seconds} s measured, Next.js and the baseline taking turns; ${settings.accounts} seeded accounts.`,
    'A passkey sign-in is options + verify + session (two requests); a password sign-in is one request (argon2id, m=19 MiB, t=2, p=1).',
    'Latency is per sign-in, seen by the client. "app CPU" is the server process tree\'s CPU time per sign-in; "db CPU" the PostgreSQL server\'s.',
    'The load generator runs on the same machine (loopback), so it takes CPU from the server; "people" is the number of simulated people signing in at once.',
    '',
    `## Headline (${headlineAt} people at once)`,
    '',
    `| | ${databases.map((d) => NAMES[d]).join(' | ')} |`,
    `|---|${databases.map(() => '---:|').join('')}`,
  ];
  const row = (label: string, value: (d: Measurement['database']) => string) =>
    lines.push(`| ${label} | ${databases.map(value).join(' | ')} |`);
  const at = (database: Measurement['database'], kind: Kind, target: Measurement['target']) =>
    find(report, { database, kind, target, concurrency: headlineAt });
  row('Passkey sign-ins/s, Next.js', (d) => fmt(at(d, 'passkey', 'next')?.signInsPerSecond, 0));
  row('Passkey sign-in p99, Next.js', (d) => `${fmt(at(d, 'passkey', 'next')?.latencyMs.p99)} ms`);
  row('Next.js throughput ÷ bare node:http baseline, passkey', (d) =>
    ratio(at(d, 'passkey', 'next')?.signInsPerSecond, at(d, 'passkey', 'baseline')?.signInsPerSecond),
  );
  row('Next.js app CPU ÷ baseline app CPU, per passkey sign-in', (d) =>
    ratio(at(d, 'passkey', 'next')?.appCpuMsPerSignIn, at(d, 'passkey', 'baseline')?.appCpuMsPerSignIn),
  );
  row('Password sign-in app CPU ÷ passkey sign-in app CPU, Next.js', (d) =>
    ratio(at(d, 'password', 'next')?.appCpuMsPerSignIn, at(d, 'passkey', 'next')?.appCpuMsPerSignIn, 1),
  );
  for (const database of databases) {
    for (const kind of ['passkey', 'password'] as const) {
      lines.push('', `## ${NAMES[database]}, ${kind} sign-in`, '', ...table(report, database, kind));
    }
  }
  return `${lines.join('\n')}\n`;
}
