// @ts-check
// Imported first by every script (scripts/, prisma.config.ts): the .env files for the mode
// NODE_ENV names, development when it names none. A script run by hand, or by `npm run dev`
// before it starts (predev), is on a developer's machine; a deployment sets NODE_ENV=production,
// and then its scripts read the production files, as `next build` and `npm start` do.
import { loadEnvFiles } from './env-files.mjs';

loadEnvFiles({ dev: process.env.NODE_ENV !== 'production' });
