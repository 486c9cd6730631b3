import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

// A fresh, migrated database for each unit-test run, made by the same script as
// `npm run db:migrate`.
export default function setup() {
  const url = 'file:./data/unit-tests.db';
  for (const suffix of ['', '-wal', '-shm']) rmSync(`./data/unit-tests.db${suffix}`, { force: true });
  const result = spawnSync('npm', ['run', '--silent', 'db:migrate'], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`db:migrate failed:\n${result.stdout}\n${result.stderr}`);
}
