import { configDefaults, defineConfig } from 'vitest/config';
import unit from './vitest.config.mts';

// `npm run test:postgres`: the tests that need a PostgreSQL server (TEST_POSTGRES_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres). The unit suite leaves them out so that
// `npm test` needs none; CI runs both.
export default defineConfig({
  resolve: unit.resolve,
  test: {
    include: ['**/*.postgres.test.ts'],
    exclude: configDefaults.exclude,
    environment: 'node',
    fileParallelism: false,
    // Each test runs the database scripts as child processes, migrations and all.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
