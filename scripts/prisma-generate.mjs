// Runs `prisma generate` on npm install, for SQLite and for PostgreSQL. Generate never runs Prisma's native schema engine,
// but the CLI still tries to download it unless PRISMA_SCHEMA_ENGINE_BINARY names an
// existing file, and that download fails on machines without general internet access.
// Any existing file will do; the Node binary exists everywhere this runs.
//
// The CLI is a development dependency: a production install may not have it, and then uses
// the clients generated where the app was built (README, "Deploying").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const schemas = ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma'];
const clients = ['lib/generated/sqlite', 'lib/generated/postgresql'];

let cli;
try {
  cli = require.resolve('prisma/build/index.js');
} catch {
  const skipped = 'prisma-generate: the Prisma CLI is not installed (a production install): skipped';
  console.log(
    clients.every((dir) => existsSync(dir))
      ? `${skipped}; the app uses the clients in lib/generated/ from the build.`
      : `${skipped}, and lib/generated/ has no clients: build where the development dependencies are installed and copy lib/generated/ with the build (README, "Deploying").`,
  );
  process.exit(0);
}

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';
// One client per provider: a Prisma client is built for one database's query language.
for (const schema of schemas) {
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
