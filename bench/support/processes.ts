import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';

// Starting the servers under test and reading what they cost: CPU time and resident memory
// of a process and all its descendants (`next start` may run its server in a child), read
// from /proc, so the numbers are the kernel's, not the process's own idea of itself.

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const PAGE_BYTES = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).stdout.trim()) || 4096;

type Stat = { pid: number; ppid: number; comm: string; cpuTicks: number; childTicks: number; rssPages: number };

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces; the fields after it are space-separated.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // After comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14) … rss(21)
    return {
      pid,
      ppid: Number(fields[1]),
      comm,
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      // CPU of children that have ended and been waited for (a PostgreSQL backend whose
      // connection closed, a worker process that exited): without it the sum would drop.
      childTicks: Number(fields[13]) + Number(fields[14]),
      rssPages: Number(fields[21]),
    };
  } catch {
    return null; // the process ended while we looked
  }
}

function allStats(): Stat[] {
  const stats: Stat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

function treeOf(rootPid: number, stats: Stat[]): Stat[] {
  const pids = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of stats) {
      if (!pids.has(s.pid) && pids.has(s.ppid)) {
        pids.add(s.pid);
        grew = true;
      }
    }
  }
  return stats.filter((s) => pids.has(s.pid));
}

export type Usage = { cpuSeconds: number; rssBytes: number };

const treeCpuTicks = (tree: Stat[]) => tree.reduce((sum, s) => sum + s.cpuTicks + s.childTicks, 0);

/** CPU seconds used so far and resident memory now, of `rootPid` and its descendants. */
export function treeUsage(rootPid: number): Usage {
  const tree = treeOf(rootPid, allStats());
  return {
    cpuSeconds: treeCpuTicks(tree) / CLOCK_TICKS,
    rssBytes: tree.reduce((sum, s) => sum + s.rssPages, 0) * PAGE_BYTES,
  };
}

/**
 * CPU seconds used so far by every process tree whose root is named `comm` (for
 * PostgreSQL: the postmaster, its backends and workers, ended ones included).
 */
export function cpuSecondsOf(comm: string): number {
  const stats = allStats();
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const roots = stats.filter((s) => s.comm === comm && byPid.get(s.ppid)?.comm !== comm);
  return roots.reduce((sum, root) => sum + treeCpuTicks(treeOf(root.pid, stats)), 0) / CLOCK_TICKS;
}

export type Server = { name: string; origin: string; process: ChildProcess; stop: () => Promise<void> };

/**
 * Starts a server and waits until GET /api/health answers 200. Its output goes to
 * `logFile` (the app logs one JSON line per request; writing them is part of its cost).
 */
export async function startServer(input: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  logFile: string;
}): Promise<Server> {
  const log = createWriteStream(input.logFile);
  const child = spawn(input.command, input.args, { env: input.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const origin = `http://localhost:${input.port}`;
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${input.name} exited with ${exited} at start; see ${input.logFile}`);
    if ((await healthStatus(origin)) === 200) {
      return {
        name: input.name,
        origin,
        process: child,
        stop: () =>
          new Promise<void>((resolve) => {
            if (exited !== null) return resolve();
            child.on('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${input.name} did not become healthy in 60 s; see ${input.logFile}`);
}

function healthStatus(origin: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(`http://127.0.0.1:${new URL(origin).port}/api/health`, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => request.destroy());
  });
}
