import 'server-only';
import { logLine } from '@/lib/shared/log-line.mjs';

// Structured logs: one JSON object per line (errors on stderr), each with the request id that
// route() (lib/server/http/route.ts) gave an API request. Fields are chosen by the caller from a fixed set of shapes
// (method, path, status, codes, durations); request bodies, cookies, tokens, challenges,
// passwords and keys are never passed in.

type Level = 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

/** One line in the format server.mjs writes too (lib/shared/log-line.mjs). */
export function log(level: Level, msg: string, fields: Fields = {}): void {
  logLine(level, msg, fields);
}

/** What may be logged of an unexpected error: its class, code and first line, shortened. */
export function describeError(error: unknown): Fields {
  if (!(error instanceof Error)) return { error: String(error).slice(0, 200) };
  const code = (error as { code?: unknown }).code;
  return {
    error: error.name,
    code: typeof code === 'string' ? code : undefined,
    // Prisma's messages can quote the arguments of a query; keep only the first line.
    detail: error.message.split('\n')[0]?.slice(0, 200),
  };
}
