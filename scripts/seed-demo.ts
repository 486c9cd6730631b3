// First, before any module reads a setting: the .env files, as Next.js reads them.
import '@/lib/shared/load-env.mjs';
import { DEFAULT_DATABASE_URL, databaseProvider, resolveDatabaseUrl, sqliteFilePath } from '@/lib/shared/database-url.mjs';
import { writeSyntheticHistory } from './synthetic-history';

// npm run seed:demo: fills the local demo database with a made-up 90-day history, so the
// Insights page has something to show at once. Refuses any database but the embedded
// default (data/dev.db) unless given --force: it deletes and rewrites the synthetic accounts
// (at synthetic.invalid) and nothing else, but it has no place in a production database.
//
//   npm run seed:demo [-- --accounts 2000] [-- --force]

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000) throw new Error(`--${name} takes a whole number from 1 to 1000000`);
  return value;
}

async function main() {
  const url = resolveDatabaseUrl(process.env.DATABASE_URL);
  const local = databaseProvider(url) === 'sqlite' && sqliteFilePath(url) === sqliteFilePath(DEFAULT_DATABASE_URL);
  if (!local && !process.argv.includes('--force')) {
    console.error(
      `seed:demo writes made-up accounts and events; it runs only against the local demo database (${DEFAULT_DATABASE_URL}).\n` +
        `DATABASE_URL points elsewhere. If you really mean it: npm run seed:demo -- --force`,
    );
    process.exit(2);
  }
  const accounts = argument('accounts', 2000);
  const started = performance.now();
  console.log(`seed:demo: writing ${accounts.toLocaleString('en-US')} synthetic accounts and 90 days of their history…`);
  const written = await writeSyntheticHistory({ accounts, events: accounts * 10, days: 90, log: console.log });
  console.log(
    `seed:demo: ${written.accounts.toLocaleString('en-US')} accounts and ${written.events.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s.\n` +
      'Sign in as an operator (OPERATOR_EMAILS) and open /insights. Run it again to start over; the synthetic accounts are the ones at synthetic.invalid.',
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
