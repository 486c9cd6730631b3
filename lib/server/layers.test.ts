import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The server's layers, top to bottom. A module may import from its own layer and the ones
// below it, never from one above; only the HTTP edge may know HTTP (Next.js's request,
// response, headers and cookies). lib/shared is for anyone, and has no server-only code.
const LAYERS = ['http', 'insights', 'account', 'webauthn', 'identity', 'audit', 'platform'] as const;
const root = resolve('lib/server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function layerOf(path: string): (typeof LAYERS)[number] | 'shared' | 'outside' {
  const rel = relative(root, path);
  if (rel.startsWith('..')) return relative(resolve('lib/shared'), path).startsWith('..') ? 'outside' : 'shared';
  return LAYERS.find((layer) => rel.startsWith(`${layer}/`)) ?? 'outside';
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
}

describe('the server’s layers', () => {
  const files = sourceFiles(root);

  it('every module lives in a layer', () => {
    expect(files.filter((file) => layerOf(file) === 'outside').map((file) => relative(root, file))).toEqual([]);
  });

  it('imports only go down', () => {
    const upward: string[] = [];
    for (const file of files) {
      const own = LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);
      for (const spec of importsOf(file)) {
        const target = spec.startsWith('@/') ? resolve(spec.slice(2)) : spec.startsWith('.') ? resolve(file, '..', spec) : null;
        if (!target) continue;
        const layer = layerOf(target);
        if (layer === 'shared' || layer === 'outside') continue;
        if (LAYERS.indexOf(layer) < own) upward.push(`${relative(root, file)} imports ${spec} (${layer})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('only the HTTP edge knows HTTP', () => {
    const http = files
      .filter((file) => layerOf(file) !== 'http')
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => /^next\/(server|headers)$/.test(spec))
          .map((spec) => `${relative(root, file)} imports ${spec}`),
      );
    expect(http).toEqual([]);
  });

  it('every server module starts with server-only, and shared code has none', () => {
    expect(files.filter((file) => !readFileSync(file, 'utf8').startsWith("import 'server-only';")).map((f) => relative(root, f))).toEqual(
      [],
    );
    const shared = readdirSync('lib/shared').filter((name) => readFileSync(join('lib/shared', name), 'utf8').includes('server-only'));
    expect(shared).toEqual([]);
  });
});
