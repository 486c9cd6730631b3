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
