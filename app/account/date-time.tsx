'use client';

import { useSyncExternalStore } from 'react';

// A date and time in the person's own time zone and locale. The server does not know either,
// so it renders UTC, and the browser shows local time from its first render after hydration
// (the server snapshot below keeps hydration identical to the server's HTML).
const local = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

const subscribe = () => () => {};

function utc(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function DateTime({ value }: { value: string | Date }) {
  const date = typeof value === 'string' ? new Date(value) : value;
  const text = useSyncExternalStore(
    subscribe,
    () => local.format(date),
    () => utc(date),
  );
  return (
    <time dateTime={date.toISOString()} title={utc(date)}>
      {text}
    </time>
  );
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

function ago(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/**
 * "5 minutes ago", with the local date and time as its title. The server renders the UTC time
 * (it does not know when the page will be read); the browser replaces it after hydration.
 */
export function RelativeTime({ value }: { value: string | Date }) {
  const date = typeof value === 'string' ? new Date(value) : value;
  const text = useSyncExternalStore(
    subscribe,
    () => ago(date, Date.now()),
    () => utc(date),
  );
  return (
    <time dateTime={date.toISOString()} title={local.format(date)}>
      {text}
    </time>
  );
}
