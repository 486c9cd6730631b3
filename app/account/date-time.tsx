// Dates in UTC, the same on the server and in the browser (no hydration mismatch).
export function DateTime({ value }: { value: string | Date }) {
  const date = typeof value === 'string' ? new Date(value) : value;
  const text = date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return <time dateTime={date.toISOString()}>{text}</time>;
}
