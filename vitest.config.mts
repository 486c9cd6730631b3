import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@/': root,
      // `server-only` throws outside React Server Components; these tests are server code.
      'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Tests that need a PostgreSQL server run in their own suite (vitest.postgres.config.mts),
    // so `npm test` needs none.
    exclude: [...configDefaults.exclude, '**/*.postgres.test.ts'],
    environment: 'node',
    globalSetup: ['./lib/server/test-support/global-setup.ts'],
    // One SQLite file for the unit tests, created fresh by the global setup.
    env: { DATABASE_URL: 'file:./data/unit-tests.db' },
    // The tests share that file; running files one after another keeps them independent.
    fileParallelism: false,
  },
});
