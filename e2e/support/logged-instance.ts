import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from '@playwright/test';
import { E2E_OUTBOX_DIR } from '../fixtures/mailbox';

// One app instance of the e2e build (`npm start`'s server.mjs) started by a spec for itself,
// whose log the spec reads: what the server wrote is part of what it did. Ready when
// /api/health says 200.

export type LogLine = Record<string, unknown> & { level: string; msg: string };

export type LoggedInstance = {
  process: ChildProcess;
  /** Every JSON line the server has written so far (stdout and stderr), in order. */
  lines: () => LogLine[];
  /** Everything written that is not a JSON log line (a stack trace, a framework message). */
  other: () => string[];
  stop: () => void;
};

export async function startLoggedInstance(port: number, env: Record<string, string>): Promise<LoggedInstance> {
  const child = spawn(process.execPath, ['server.mjs'], {
    env: { ...process.env, PORT: String(port), NEXT_DIST_DIR: '.next-e2e', MAIL_OUTBOX_DIR: E2E_OUTBOX_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: LogLine[] = [];
  const other: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const text of complete) {
        if (text.trim() === '') continue;
        try {
          lines.push(JSON.parse(text) as LogLine);
        } catch {
          other.push(text);
        }
      }
    });
  }
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status, { timeout: 60_000 })
    .toBe(200);
  return {
    process: child,
    lines: () => [...lines],
    other: () => [...other],
    stop: () => {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    },
  };
}
