// Starts the app for the e2e suite as it runs in production: a fresh SQLite database,
// migrations applied by the same script as `npm run db:migrate`, `next build`, `next start`.
// playwright.config.ts runs this as its webServer with the environment it sets.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { sqliteFilePath } from '../lib/database-url.mjs';

const url = process.env.DATABASE_URL;
const file = url && sqliteFilePath(url);
if (!file) throw new Error('e2e-server needs DATABASE_URL=file:...');
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });

function step(args) {
  const result = spawnSync('npm', ['run', ...args], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

step(['db:migrate']);
if (process.env.E2E_SKIP_BUILD !== '1') step(['build']);
const server = spawn('npx', ['next', 'start', '-p', process.env.PORT ?? '3100'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
