// Starts the app for the e2e suite as it runs in production: a fresh database (SQLite file
// or PostgreSQL database, from DATABASE_URL), migrations applied by the same script as
// `npm run db:migrate`, `next build`, then `npm start`'s server (server.mjs). playwright.config.ts runs this as its
// webServer with the environment it sets.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const db = ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs'];
run(process.execPath, [...db, 'recreate']);
run(process.execPath, [...db, 'migrate']);
// Mail from an earlier run would only be in the way.
if (process.env.MAIL_OUTBOX_DIR) rmSync(process.env.MAIL_OUTBOX_DIR, { recursive: true, force: true });
if (process.env.E2E_SKIP_BUILD !== '1') run('npm', ['run', 'build']);
// `npm start`'s server (server.mjs), as in production.
const server = spawn(process.execPath, ['server.mjs'], { stdio: 'inherit', env: { PORT: '3100', ...process.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
