// @ts-check

// The log's one format, shared by the app (lib/server/platform/log.ts) and server.mjs (the
// requests it answers or drops itself): one JSON object per line, errors on stderr.

/** @typedef {'info' | 'warn' | 'error'} Level */
/** @typedef {Record<string, string | number | boolean | null | undefined>} Fields */

/**
 * @param {Level} level
 * @param {string} msg
 * @param {Fields} [fields]
 */
export function logLine(level, msg, fields = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}
