import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpuSecondsOf, treeUsage } from './processes';

// Telling a quiet step from a noisy one on a shared machine: the CPU every process on the
// machine used during a step (/proc/stat), minus what the processes under test used (the
// app server's tree, the database server's, and this process). What is left was someone
// else's ("background"). Steal is time the hypervisor gave our virtual CPUs to another
// machine: it is not in any process's count, so it is kept apart. A step where the two
// together are more than a little is measured again.

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

type MachineTicks = { busySeconds: number; stealSeconds: number };

function machineTicks(): MachineTicks {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return { busySeconds: (user! + nice! + system! + irq! + softirq!) / CLOCK_TICKS, stealSeconds: steal! / CLOCK_TICKS };
}

function ownSeconds(serverPid: number): number {
  const self = process.cpuUsage();
  return treeUsage(serverPid).cpuSeconds + cpuSecondsOf('postgres') + (self.user + self.system) / 1e6;
}

export type MachineSample = MachineTicks & { ownSeconds: number };

/** What the machine and the processes under test have used so far; two samples make a window. */
export function sampleMachine(serverPid: number): MachineSample {
  return { ...machineTicks(), ownSeconds: ownSeconds(serverPid) };
}

/** CPU seconds others used between two samples: background processes, and steal. */
export function othersBetween(open: MachineSample, close: MachineSample): { backgroundSeconds: number; stealSeconds: number } {
  return {
    backgroundSeconds: Math.max(0, close.busySeconds - open.busySeconds - (close.ownSeconds - open.ownSeconds)),
    stealSeconds: Math.max(0, close.stealSeconds - open.stealSeconds),
  };
}

/** Runs `step` and says how many CPU seconds other processes (and steal) used meanwhile. */
export async function measureOthers<T>(serverPid: number, step: () => Promise<T>): Promise<{ value: T; othersSeconds: number }> {
  const open = sampleMachine(serverPid);
  const value = await step();
  const { backgroundSeconds, stealSeconds } = othersBetween(open, sampleMachine(serverPid));
  return { value, othersSeconds: backgroundSeconds + stealSeconds };
}
