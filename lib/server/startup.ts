import 'server-only';
import { config } from './config';

// A wrong configuration stops the server at start-up with a message naming every problem,
// instead of failing the first ceremony.
try {
  config();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
