// @ts-check
// Imported first by what runs or measures the production build (server.mjs, bench/): the
// production .env files whatever NODE_ENV says, as `next start` and `next build` read them.
// (A NODE_ENV of "test" still reads the test files, as in Next.js.)
import { loadEnvFiles } from './env-files.mjs';

loadEnvFiles({ dev: false });
