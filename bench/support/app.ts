import { spawnSync } from 'node:child_process';
import { startServer, type Server } from './processes';

// The app as production runs it: `next build` once into its own folder (so a running
// `npm run dev` or the e2e build is not disturbed), then `next start` on 127.0.0.1.
// BENCH_DIST_DIR=.next-e2e (with the skip-build setting) reuses the e2e suite's build, as CI does.

const DIST_DIR = process.env.BENCH_DIST_DIR ?? '.next-bench';

/**
 * The Node.js that runs the servers under test: this one, or BENCH_NODE (another version,
 * to see what the runtime changes). better-sqlite3 is built for the Node.js that installed
 * it, so with another version use PostgreSQL.
 */
export const SERVER_NODE = process.env.BENCH_NODE ?? process.execPath;

export function buildApp(): void {
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_DIST_DIR: DIST_DIR } });
  if (result.status !== 0) throw new Error(`next build failed with ${result.status}`);
}

/** The environment a server under test gets: production, its database, its own origin. */
export function serverEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    APP_ORIGIN: `http://localhost:${port}`,
    PORT: String(port),
    ...extra,
  };
}

export function startApp(input: { databaseUrl: string; port: number; logFile: string; env?: Record<string, string> }): Promise<Server> {
  return startServer({
    name: 'next',
    command: SERVER_NODE,
    args: ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(input.port)],
    env: { ...serverEnv(input.databaseUrl, input.port, input.env), NEXT_DIST_DIR: DIST_DIR },
    port: input.port,
    logFile: input.logFile,
  });
}
