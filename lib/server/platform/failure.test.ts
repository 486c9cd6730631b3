import { describe, expect, it } from 'vitest';
import { whenToTryAgain } from './failure';

// Every 429 tells the person when to try again in words (Retry-After is for programs).
describe('when to try again', () => {
  it('in whole minutes, rounded up, so trying then works', () => {
    expect(whenToTryAgain(1)).toBe('Try again in 1 minute.');
    expect(whenToTryAgain(60)).toBe('Try again in 1 minute.');
    expect(whenToTryAgain(61)).toBe('Try again in 2 minutes.');
    expect(whenToTryAgain(900)).toBe('Try again in 15 minutes.');
    expect(whenToTryAgain(3600)).toBe('Try again in 60 minutes.');
  });

  it('in hours when it is longer than that', () => {
    expect(whenToTryAgain(2 * 3600)).toBe('Try again in 2 hours.');
    expect(whenToTryAgain(24 * 3600)).toBe('Try again in 24 hours.');
  });
});
