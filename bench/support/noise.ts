import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpuSecondsOf, treeUsage } from './processes';

// Telling a quiet step from a noisy one on a shared machine: the CPU every process on the
// machine used during a step (/proc/stat), minus what the processes under test used (the
// app server's tree, the database server's, and this process). What is left was someone
// else's; a step where that is more than a little is measured again.

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function machineBusySeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
}

function ownSeconds(serverPid: number): number {
  const self = process.cpuUsage();
  return treeUsage(serverPid).cpuSeconds + cpuSecondsOf('postgres') + (self.user + self.system) / 1e6;
}

export type Quiet = { others: number };

/** Runs `step` and says how many CPU seconds other processes used meanwhile. */
export async function measureOthers<T>(serverPid: number, step: () => Promise<T>): Promise<{ value: T; othersSeconds: number }> {
  const busy = machineBusySeconds();
  const own = ownSeconds(serverPid);
  const value = await step();
  const othersSeconds = Math.max(0, machineBusySeconds() - busy - (ownSeconds(serverPid) - own));
  return { value, othersSeconds };
}
