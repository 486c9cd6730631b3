import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `npm start` (server.mjs) in production without APP_ORIGIN: it would serve, build every
// emailed link and check every passkey for http://localhost, and fail each person who tries.
// It must stop at once, with one line that says what to set.

describe('npm start', () => {
  it('refuses to start in production without APP_ORIGIN, in one line, before any worker', () => {
    const { APP_ORIGIN: _unset, ...inherited } = process.env;
    const env = { ...inherited, NODE_ENV: 'production' as const, PORT: '3791', WEB_CONCURRENCY: '2' };
    const result = spawnSync(process.execPath, ['server.mjs'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid configuration: APP_ORIGIN is not set: a production server (NODE_ENV=production) needs the origin people use, e.g. APP_ORIGIN=https://accounts.example.com',
    ]);
  }, 70_000);
});
