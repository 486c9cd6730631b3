import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { expect, test } from './fixtures/test';

// `npm run seed:demo` writes made-up accounts and events: only into the local demo database,
// unless forced. Forced into a scratch database, what it wrote is what the insights show.

const scratch = './data/e2e-seed-demo.db';

test.describe.configure({ mode: 'serial' });

function run(script: string, args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', script, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
}

test.beforeAll(() => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${scratch}${suffix}`, { force: true });
});

test('refuses any database but the local demo one, and touches nothing', () => {
  for (const url of [`file:${scratch}`, 'postgresql://postgres@127.0.0.1:5432/passkey_production']) {
    const refused = run('scripts/seed-demo.ts', [], url);
    expect(refused.status, url).toBe(2);
    expect(refused.stderr).toContain('runs only against the local demo database');
    expect(refused.stderr).toContain('--force');
  }
  expect(existsSync(scratch)).toBe(false);
});

test('forced into another database, it writes a synthetic history the insights report as such', () => {
  test.setTimeout(120_000);
  const migrate = spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', 'migrate'], {
    env: { ...process.env, DATABASE_URL: `file:${scratch}` },
    encoding: 'utf8',
  });
  expect(migrate.status, migrate.stderr).toBe(0);
  const seeded = run('scripts/seed-demo.ts', ['--accounts', '60', '--force'], `file:${scratch}`);
  expect(seeded.status, seeded.stderr).toBe(0);
  expect(seeded.stdout).toMatch(/60 accounts and \d+ events/);
  const report = run('scripts/insights.ts', ['--days', '90'], `file:${scratch}`);
  expect(report.status, report.stderr).toBe(0);
  expect(report.stdout).toContain('includes synthetic demo data');
  expect(Number(/^Password sign-ins\s+([\d,]+)/m.exec(report.stdout)?.[1]?.replace(/,/g, ''))).toBeGreaterThan(0);
});
