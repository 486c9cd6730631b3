import 'server-only';
import { config } from './config';

// A wrong configuration stops the server at start-up with a message naming every problem,
// instead of failing the first ceremony. Exit code 78 (EX_CONFIG) tells server.mjs not to
// start the worker again: it would stop the same way.
try {
  config();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(78);
}

// Without SMTP_URL, mail is written to the outbox folder: right for the demo, a surprise in a
// deployment, where nobody would receive a verification or recovery link. Said once, at start.
if (process.env.NODE_ENV === 'production' && !config().mail.smtpUrl) {
  void import('./log').then(({ log }) =>
    log('warn', 'mail goes to the outbox folder', { outbox: config().mail.outboxDir, hint: 'set SMTP_URL to send real mail' }),
  );
}

// A database without this build's tables does not stop the server (the operator may be about
// to migrate it), but it is said at once, with what to run; /api/health answers 503 until then.
void import('./health').then(({ reportSchemaAtStartup }) => reportSchemaAtStartup());
