import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DRAIN_INTERVAL_MS, drainDeferred, runDeferred } from './deferred';

// The queue's timer is made at the first task; fake timers from the start let the tests move
// it on.
beforeAll(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
afterAll(() => vi.useRealTimers());

const nextTurns = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('deferred work', () => {
  it('runs a task neither at once nor right after the current request, but at the next drain', async () => {
    const ran: string[] = [];
    runDeferred('first', async () => void ran.push('first'));
    await nextTurns();
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(DRAIN_INTERVAL_MS);
    await nextTurns();
    expect(ran).toEqual(['first']);
  });

  it('keeps draining after ticks that found nothing to do', async () => {
    vi.advanceTimersByTime(3 * DRAIN_INTERVAL_MS);
    await nextTurns();
    const ran: string[] = [];
    runDeferred('later', async () => void ran.push('later'));
    vi.advanceTimersByTime(DRAIN_INTERVAL_MS);
    await nextTurns();
    expect(ran).toEqual(['later']);
  });

  it('runs tasks one at a time, in order, and a failure is logged without stopping the others', async () => {
    const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const ran: string[] = [];
    let running = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        running++;
        expect(running).toBe(1);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        ran.push(name);
        if (fail) throw new Error('smtp down');
      };
    runDeferred('a', task('a'));
    runDeferred('b', task('b', true));
    runDeferred('c', task('c'));
    await drainDeferred();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(String(log.mock.calls[0]![0]))).toMatchObject({ level: 'error', msg: 'b failed', detail: 'smtp down' });
    log.mockRestore();
  });
});
