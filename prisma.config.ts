// Read by the Prisma CLI (generate, and migrate deploy on machines that can download
// Prisma's schema engine). The schema and migrations follow DATABASE_URL's provider; the
// app itself reads DATABASE_URL through lib/server/platform/config.ts. Prisma 7 reads no .env
// file itself; the first import reads them as Next.js does, so the CLI and the app agree.
import './lib/shared/load-env.mjs';
import { defineConfig } from 'prisma/config';
import { PROVIDERS, databaseProvider, resolveDatabaseUrl } from './lib/shared/database-url.mjs';

const url = resolveDatabaseUrl(process.env.DATABASE_URL);
const provider = PROVIDERS[databaseProvider(url) ?? 'sqlite'];

export default defineConfig({
  schema: provider.schema,
  migrations: { path: provider.migrations },
  datasource: { url },
});
