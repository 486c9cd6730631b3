import { cpuSecondsOf, treeUsage, type Server } from './processes';
import { BENCH_PASSWORD } from './accounts';
import type { BenchDatabase } from './database';
import { runLoad, type Kind, type Person } from './load';
import { othersBetween, sampleMachine, type MachineSample } from './noise';
import { percentile, round } from './stats';
import type { Measurement, Target } from '../report';

// One step of a benchmark: a server under a closed-loop load for a warm-up and a measured
// window, with the server's CPU (and PostgreSQL's) read at the window's edges, and what other
// processes and the hypervisor took meanwhile. A step that was not quiet is measured again.

export type Step = { server: Server; target: Target; database: BenchDatabase; kind: Kind; concurrency: number; people: Person[] };
export type StepSettings = { warmupSeconds: number; seconds: number; quietCores: number; maxAttempts: number };
type Run = Omit<Measurement, 'database' | 'round' | 'attempts' | 'noisy'>;

async function measureOnce({ server, target, database, kind, concurrency, people }: Step, settings: StepSettings): Promise<Run> {
  await database.resetRunTables();
  const pid = server.process.pid!;
  const marks: Record<string, { app: number; db: number; generator: number; machine: MachineSample }> = {};
  const result = await runLoad({
    origin: server.origin,
    kind,
    concurrency,
    people,
    password: BENCH_PASSWORD,
    warmupSeconds: settings.warmupSeconds,
    measureSeconds: settings.seconds,
    onWindow: (edge) => {
      const generator = process.cpuUsage();
      marks[edge] = {
        app: treeUsage(pid).cpuSeconds,
        db: database.provider === 'postgresql' ? cpuSecondsOf('postgres') : 0,
        generator: (generator.user + generator.system) / 1e6,
        machine: sampleMachine(pid),
      };
    },
  });
  // Every sign-in the server said yes to made exactly one session, and nothing else did.
  const sessions = kind === 'floor' ? null : await database.count('SELECT COUNT(*) AS n FROM "Session" WHERE "authMethod" = ?', kind);
  const cpu = (key: 'app' | 'db' | 'generator') => marks.close![key] - marks.open![key];
  const perSignIn = (seconds: number) => (result.completed ? round((seconds / result.completed) * 1000, 3) : NaN);
  const others = othersBetween(marks.open!.machine, marks.close!.machine);
  const m: Run = {
    target,
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
    backgroundCores: round(others.backgroundSeconds / result.measuredSeconds, 3),
    stealCores: round(others.stealSeconds / result.measuredSeconds, 3),
    sessionsWritten: sessions,
    succeededInAll: result.succeededInAll,
  };
  if (sessions !== null && sessions !== result.succeededInAll) {
    throw new Error(`${target}: ${result.succeededInAll} sign-ins succeeded but ${sessions} ${kind} sessions were written`);
  }
  return m;
}

/** A step, measured again while others used the machine; the quietest attempt is kept. */
export async function measure(step: Step, settings: StepSettings): Promise<Omit<Measurement, 'database' | 'round'>> {
  let kept: Run | undefined;
  let attempts = 0;
  const othersOf = (m: Run) => m.backgroundCores + m.stealCores;
  while (attempts < settings.maxAttempts) {
    attempts++;
    const m = await measureOnce(step, settings);
    if (!kept || othersOf(m) < othersOf(kept)) kept = m;
    if (othersOf(m) <= settings.quietCores) break;
    console.log(`  noisy: others used ${othersOf(m).toFixed(2)} of a core (steal ${m.stealCores}); measuring again`);
  }
  const m = { ...kept!, attempts, noisy: othersOf(kept!) > settings.quietCores };
  const failed = Object.values(m.failures).reduce((a, b) => a + b, 0);
  console.log(
    `${m.target.padEnd(8)} ${m.kind.padEnd(8)} c=${String(m.concurrency).padEnd(3)} ${String(m.signInsPerSecond).padStart(7)}/s  ` +
      `p50 ${m.latencyMs.p50} p99 ${m.latencyMs.p99} ms  app CPU ${m.appCpuMsPerSignIn} ms` +
      (m.databaseCpuMsPerSignIn !== null ? `  db CPU ${m.databaseCpuMsPerSignIn} ms` : '') +
      `  others ${m.backgroundCores}+${m.stealCores} steal${m.noisy ? ' NOISY' : ''}` +
      (failed ? `  FAILURES ${JSON.stringify(m.failures)}` : ''),
  );
  return m;
}
