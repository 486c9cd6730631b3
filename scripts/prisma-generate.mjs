// Runs `prisma generate` on npm install, for SQLite and for PostgreSQL. Generate never runs Prisma's native schema engine,
// but the CLI still tries to download it unless PRISMA_SCHEMA_ENGINE_BINARY names an
// existing file, and that download fails on machines without general internet access.
// Any existing file will do; the Node binary exists everywhere this runs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';
// One client per provider: a Prisma client is built for one database's query language.
for (const schema of ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma']) {
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
