import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_URL } from '@/lib/shared/database-url.mjs';
import { SETTING_NAMES, loadConfig } from './config';

// .env.example is the one list a forker reads to configure the app. It must name every
// setting the configuration schema knows and every other variable the app and its scripts
// read, each with a one-line meaning above it, and its values must be the defaults.

/** Settings read outside the configuration schema (by server.mjs, db.ts, next.config.js, the scripts). */
const OTHER_SETTINGS = [
  'PORT',
  'HOSTNAME',
  'WEB_CONCURRENCY',
  'NEXT_DIST_DIR',
  'INSPECTOR',
  'DATABASE_POOL_SIZE',
  'SHADOW_DATABASE_URL',
  'DB_DEBUG',
  'SCREENSHOTS_URL',
];

/** Variables the code reads that are not settings, and why. */
const NOT_SETTINGS: Record<string, string> = {
  NODE_ENV: 'set by Next.js and npm start; Next.js warns when an .env file sets it',
  NEXT_RUNTIME: 'set by Next.js: which runtime instrumentation.ts runs in',
  NEXT_PUBLIC_INSPECTOR: 'written into the bundles by next.config.js from INSPECTOR',
  PEER_ADDRESS_HEADER: 'set by server.mjs for the app in the same process; never configured',
  REQUEST_ID_HEADER: 'set by server.mjs for the app in the same process; never configured',
};

type Entry = { name: string; value: string; meaning: string | undefined };

function readExample(): Entry[] {
  const lines = readFileSync('.env.example', 'utf8').split('\n');
  const entries: Entry[] = [];
  lines.forEach((line, i) => {
    const match = /^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) return;
    const above = lines[i - 1] ?? '';
    const meaning = /^# (?![A-Z][A-Z0-9_]*=)(.+)$/.exec(above)?.[1];
    entries.push({ name: match[1]!, value: match[2]!, meaning });
  });
  return entries;
}

/** Every source file of the app and its scripts: not the tests, the e2e suite or the benchmarks. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['generated', 'test-support'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

// The e2e suite's own tooling takes its settings from the shell, as tests never read .env.local.
const E2E_TOOLING = ['scripts/chromium.mjs', 'scripts/e2e-server.mjs'];

describe('.env.example', () => {
  const entries = readExample();
  const names = entries.map((entry) => entry.name);

  it('lists every setting of the configuration schema and the documented others, once each', () => {
    expect([...names].sort()).toEqual([...SETTING_NAMES, ...OTHER_SETTINGS].sort());
  });

  it('gives every setting a one-line meaning just above it', () => {
    expect(entries.filter((entry) => !entry.meaning).map((entry) => entry.name)).toEqual([]);
  });

  it('lists every variable the app and its scripts read', () => {
    const files = [
      ...sourceFiles('app'),
      ...sourceFiles('lib'),
      ...sourceFiles('scripts').filter((file) => !E2E_TOOLING.includes(file)),
      'server.mjs',
      'proxy.ts',
      'instrumentation.ts',
      'next.config.js',
      'prisma.config.ts',
    ];
    const read = new Set(
      files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/process\.env(?:\.|\[')([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!)),
    );
    expect([...read].filter((name) => !names.includes(name) && !(name in NOT_SETTINGS)).sort()).toEqual([]);
  });

  it('holds the defaults: uncommenting every line changes nothing', () => {
    const asWritten = Object.fromEntries(entries.map((entry) => [entry.name, entry.value]));
    expect(loadConfig(asWritten)).toEqual(loadConfig({}));
    expect(asWritten.DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
  });
});
