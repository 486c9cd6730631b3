// Finds the Chromium that the e2e suite drives, and installs one when there is none.
// Order: CHROMIUM_PATH (an explicit path) → the browser Playwright downloaded → the
// system's /usr/bin/chromium. With none: Playwright's installer where the network allows
// it, else Debian's `chromium` package when running as root with apt; otherwise it stops
// and says what to run. playwright.config.ts calls findChromium() for the launch options.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** @returns {{ path: string, source: string } | null} */
export function findChromium() {
  const explicit = process.env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH is set to ${explicit}, which does not exist.`);
    return { path: explicit, source: 'CHROMIUM_PATH' };
  }
  try {
    const downloaded = chromium.executablePath();
    if (downloaded && existsSync(downloaded)) return { path: downloaded, source: 'Playwright download' };
  } catch {
    // Playwright throws when it has no browser registry entry for this platform.
  }
  const system = SYSTEM_PATHS.find((path) => existsSync(path));
  return system ? { path: system, source: 'system package' } : null;
}

function run(command, args, timeoutMs) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', timeout: timeoutMs });
  return result.status === 0;
}

function isRootWithApt() {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  console.log('No Chromium found for the e2e tests; installing one.');
  // Playwright's own download needs general internet access; give it a bounded try.
  if (run(process.execPath, ['node_modules/@playwright/test/cli.js', 'install', 'chromium'], 5 * 60_000)) {
    const after = findChromium();
    if (after) return after;
  }
  if (isRootWithApt()) {
    const env = 'DEBIAN_FRONTEND=noninteractive';
    if (run('sh', ['-c', `apt-get update -qq && ${env} apt-get install -y -qq chromium`], 15 * 60_000)) {
      const after = findChromium();
      if (after) return after;
    }
  }
  console.error(
    [
      'Could not find or install Chromium for the e2e tests. Do one of these, then run npm test again:',
      '  npx playwright install chromium            (needs internet access)',
      '  sudo apt-get install -y chromium           (Debian/Ubuntu)',
      '  CHROMIUM_PATH=/path/to/chrome npm test     (any Chromium or Chrome you have)',
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { path, source } = ensureChromium();
  console.log(`e2e browser: ${path} (${source})`);
}
