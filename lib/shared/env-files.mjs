// @ts-check
// The .env files, read the way Next.js reads them, by Next.js's own loader (@next/env), so a
// script and the app it serves can never disagree about a setting: `npm run db:migrate` once
// migrated the default SQLite file while `npm run dev` served the database .env.local named.
//
// For a mode, the first of these that sets a variable wins, and a variable already in the
// real environment wins over all of them:
//   .env.$mode.local, .env.local (not when NODE_ENV=test), .env.$mode, .env
// where $mode is "test" when NODE_ENV=test, else "development" or "production" as asked.
import { fileURLToPath } from 'node:url';
import nextEnv from '@next/env';

/** The project's folder, where Next.js looks for the files, whatever the working directory. */
export const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Loads the .env files into process.env (once per process, like Next.js).
 * @param {{ dev: boolean, dir?: string }} options `dev`: development files, else production.
 * @returns {string[]} the files read, in order
 */
export function loadEnvFiles({ dev, dir = PROJECT_DIR }) {
  const { loadedEnvFiles } = nextEnv.loadEnvConfig(dir, dev);
  return loadedEnvFiles.map((file) => file.path);
}
