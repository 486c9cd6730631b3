import 'server-only';
import Bowser from 'bowser';

// Parsing a user agent is a few dozen regular expressions (measured: about 3 % of a passkey
// sign-in's CPU, for the event it records), and the same few strings arrive again and again:
// the last PARSED_KEPT parses are kept. A client sending a new string every time only makes
// the oldest ones go; the memory stays bounded.
const PARSED_KEPT = 256;
const parsed = new Map<string, Bowser.Parser.ParsedResult>();

function parse(userAgent: string): Bowser.Parser.ParsedResult {
  let result = parsed.get(userAgent);
  if (!result) {
    result = Bowser.parse(userAgent);
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(userAgent, result);
  }
  return result;
}

/** "Chrome on macOS" for a session list; "Unknown browser" when there is nothing to go on. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const { browser, os } = parse(userAgent);
  const name = browser.name || 'Unknown browser';
  return os.name ? `${name} on ${os.name}` : name;
}

// Bowser names a browser it does not know by the user agent's first word, which the client
// chooses; the insights group by these names, so only the ones Bowser knows are kept and
// anything else is "Other": a client cannot add groups (or rows) by inventing names.
const KNOWN_BROWSERS = new Set(Object.values((Bowser as unknown as { BROWSER_MAP: Record<string, string> }).BROWSER_MAP));
const KNOWN_OS = new Set(Object.values((Bowser as unknown as { OS_MAP: Record<string, string> }).OS_MAP));

/** Browser and OS names for grouping: a name from a closed list, "Other", or "" (no user agent). */
export function browserAndOs(userAgent: string | null): { browser: string; os: string } {
  if (!userAgent) return { browser: '', os: '' };
  const { browser, os } = parse(userAgent);
  return {
    browser: browser.name && KNOWN_BROWSERS.has(browser.name) ? browser.name : 'Other',
    os: os.name && KNOWN_OS.has(os.name) ? os.name : 'Other',
  };
}
