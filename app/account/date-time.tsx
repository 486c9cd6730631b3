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
  // The title says the same as the text: one time zone on the page, tooltips included.
  return (
    <time dateTime={date.toISOString()} title={text}>
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
 * in both (it knows neither the zone nor when the page will be read); the browser replaces
 * them after hydration.
 */
export function RelativeTime({ value }: { value: string | Date }) {
  const date = typeof value === 'string' ? new Date(value) : value;
  const text = useSyncExternalStore(
    subscribe,
    () => ago(date, Date.now()),
    () => utc(date),
  );
  // Local in the browser, like the text; the server, which does not know the zone, says UTC.
  const title = useSyncExternalStore(
    subscribe,
    () => local.format(date),
    () => utc(date),
  );
  return (
    <time dateTime={date.toISOString()} title={title}>
      {text}
    </time>
  );
}
