import 'server-only';
import { describeError, log } from './log';

// Work a request asks for that must take place neither on its own path nor on the next
// request's: the account lookup and mailing of "Forgot password?", whose cost differs when
// the address has an account. Run as Next.js's after() runs it, straight after the
// response, it held up the next request on the same keep-alive connection by as much as the
// difference, which a client could time. Here it waits in a queue of this process that a
// timer of its own empties every DRAIN_INTERVAL_MS, at moments no request chooses.
//
// What this does not do: the work still takes CPU time in this process when the queue is
// emptied, and a client that keeps timing requests across those moments could in principle
// see it (README, Limitations, has the numbers measured). Each instance keeps its own queue
// (there is nothing to share: each task is whole in itself); on a stop, server.mjs empties it
// before the process exits. A task that fails is logged, not retried: the person was already
// answered, and asks again.

export const DRAIN_INTERVAL_MS = 250;

type Task = { name: string; run: () => Promise<void> };
type Queue = { tasks: Task[]; timer: NodeJS.Timeout | undefined; draining: Promise<void> | undefined; drain: () => Promise<void> };

// One queue for the process, however many bundles include this module, and reachable by
// server.mjs (which cannot import it) under this key, to empty it on a stop.
const KEY = Symbol.for('passkey-upgrade.deferred-work');
const queue: Queue = ((globalThis as Record<symbol, unknown>)[KEY] as Queue | undefined) ?? createQueue();
(globalThis as Record<symbol, unknown>)[KEY] = queue;

function createQueue(): Queue {
  const runAll = async (tasks: Task[]) => {
    for (let task = tasks.shift(); task; task = tasks.shift()) {
      const { name } = task;
      await task.run().catch((error) => log('error', `${name} failed`, describeError(error)));
    }
  };
  const self: Queue = {
    tasks: [],
    timer: undefined,
    draining: undefined,
    // Runs every task queued, including any queued meanwhile; one drain at a time. (Cleared
    // in a then-callback, which always runs after the assignment, even when there was nothing
    // to run.)
    drain: () =>
      (self.draining ??= runAll(self.tasks).finally(() => {
        self.draining = undefined;
      })),
  };
  return self;
}

/** Queues `run` for the next drain, at most DRAIN_INTERVAL_MS from now. */
export function runDeferred(name: string, run: () => Promise<void>): void {
  queue.tasks.push({ name, run });
  if (!queue.timer) {
    // Started once, and never tied to a request: it ticks whether or not work is waiting.
    queue.timer = setInterval(() => void queue.drain(), DRAIN_INTERVAL_MS);
    queue.timer.unref();
  }
}

/** Runs whatever is queued now (tests; and server.mjs, through the key above, on a stop). */
export function drainDeferred(): Promise<void> {
  return queue.drain();
}
