import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// npm install runs scripts/prisma-generate.mjs (postinstall). The Prisma CLI is a development
// dependency: an install without it (npm ci --omit=dev where npm leaves it out, or
// `npm pkg delete devDependencies` before installing, README "Deploying") must still succeed,
// keeping the clients generated in the build stage, and say so in one line.

function runWithoutCli(withClients: boolean) {
  const copy = mkdtempSync(join(tmpdir(), 'passkey-postinstall-'));
  try {
    mkdirSync(join(copy, 'scripts'));
    cpSync('scripts/prisma-generate.mjs', join(copy, 'scripts/prisma-generate.mjs'));
    writeFileSync(join(copy, 'package.json'), '{ "type": "module" }\n');
    mkdirSync(join(copy, 'node_modules'));
    if (withClients) for (const provider of ['sqlite', 'postgresql']) mkdirSync(join(copy, 'lib/generated', provider), { recursive: true });
    return spawnSync(process.execPath, ['scripts/prisma-generate.mjs'], { cwd: copy, encoding: 'utf8' });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe('postinstall without the Prisma CLI', () => {
  it('skips generating, keeps the clients from the build, says so in one line and succeeds', () => {
    const result = runWithoutCli(true);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'prisma-generate: the Prisma CLI is not installed (a production install): skipped; the app uses the clients in lib/generated/ from the build.',
    ]);
  });

  it('with no clients either, says where they come from, and still lets the install finish', () => {
    // db:migrate needs no client: a machine that only migrates may install this way.
    const result = runWithoutCli(false);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'prisma-generate: the Prisma CLI is not installed (a production install): skipped, and lib/generated/ has no clients: build where the development dependencies are installed and copy lib/generated/ with the build (README, "Deploying").',
    ]);
  });
});
