import { describe, expect, it } from 'vitest';
import { browserAndOs, describeUserAgent } from './user-agent';

const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

describe('user agents', () => {
  it('names the browser and system, from a closed list', () => {
    expect(describeUserAgent(CHROME_MAC)).toBe('Chrome on macOS');
    expect(browserAndOs(CHROME_MAC)).toEqual({ browser: 'Chrome', os: 'macOS' });
    expect(browserAndOs('MadeUpBrowser/1.0')).toEqual({ browser: 'Other', os: 'Other' });
    expect(browserAndOs(null)).toEqual({ browser: '', os: '' });
    expect(describeUserAgent(null)).toBe('Unknown browser');
  });

  it('gives the same answers after many other strings have been parsed (the kept parses are bounded)', () => {
    for (let i = 0; i < 1000; i++) expect(browserAndOs(`Invented${i}/1.0`)).toEqual({ browser: 'Other', os: 'Other' });
    expect(browserAndOs(CHROME_MAC)).toEqual({ browser: 'Chrome', os: 'macOS' });
    expect(describeUserAgent(CHROME_MAC)).toBe('Chrome on macOS');
  });
});
