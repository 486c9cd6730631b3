import 'server-only';
import Bowser from 'bowser';

/** "Chrome on macOS" for a session list; "Unknown browser" when there is nothing to go on. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name || 'Unknown browser';
  return os.name ? `${name} on ${os.name}` : name;
}
