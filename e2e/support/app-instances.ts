import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from '@playwright/test';
import { E2E_OUTBOX_DIR } from '../fixtures/mailbox';

// App instances of the e2e build started by a spec for itself (`npm start`'s server.mjs), on
// ports of its own, with the environment it needs; ready when /api/health says 200.

export async function startInstances(ports: number[], env: Record<string, string>): Promise<ChildProcess[]> {
  const instances = ports.map((port) =>
    spawn(process.execPath, ['server.mjs'], {
      env: { ...process.env, PORT: String(port), NEXT_DIST_DIR: '.next-e2e', MAIL_OUTBOX_DIR: E2E_OUTBOX_DIR, ...env },
      stdio: 'ignore',
      detached: true,
    }),
  );
  for (const port of ports) {
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status, { timeout: 60_000 })
      .toBe(200);
  }
  return instances;
}

export function stopInstances(instances: ChildProcess[]): void {
  for (const instance of instances) if (instance.pid) process.kill(-instance.pid, 'SIGTERM');
}
