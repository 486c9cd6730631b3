import { spawnSync } from 'node:child_process';
import { startServer, type Server } from './processes';

// The app as production runs it: `next build` once into its own folder (so a running
// `npm run dev` or the e2e build is not disturbed), then `npm start`'s server (server.mjs) on
// 127.0.0.1, with as many worker processes as asked (one by default: one process, no cluster).
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

export function startApp(input: {
  databaseUrl: string;
  port: number;
  logFile: string;
  env?: Record<string, string>;
  workers?: number;
  name?: string;
  /** Another checkout of the app, with its own build (bench/compare.ts). */
  dir?: string;
}): Promise<Server> {
  return startServer({
    name: input.name ?? 'next',
    command: SERVER_NODE,
    args: [`${input.dir ?? '.'}/server.mjs`],
    env: {
      ...serverEnv(input.databaseUrl, input.port, input.env),
      NEXT_DIST_DIR: DIST_DIR,
      HOSTNAME: '127.0.0.1',
      WEB_CONCURRENCY: String(input.workers ?? 1),
    },
    port: input.port,
    logFile: input.logFile,
  });
}

const FLOOR_DIR = 'bench/floor';
const FLOOR_DIST_DIR = '.next-floor';

/** Builds the bare Next.js app that gives the benchmark its floor (a few seconds). */
export function buildFloor(): void {
  const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build', FLOOR_DIR], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NEXT_DIST_DIR: FLOOR_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build ${FLOOR_DIR} failed with ${result.status}`);
}

/** The bare app on `next start`, as its own framework serves it. */
export function startFloor(input: { port: number; logFile: string }): Promise<Server> {
  return startServer({
    name: 'floor',
    command: SERVER_NODE,
    args: ['node_modules/next/dist/bin/next', 'start', FLOOR_DIR, '-H', '127.0.0.1', '-p', String(input.port)],
    env: { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: FLOOR_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
    port: input.port,
    logFile: input.logFile,
  });
}
