import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { readOutbox } from '@/lib/server/platform/mail';
import { config } from '@/lib/server/platform/config';

export const metadata: Metadata = { title: 'Outbox (development)' };
export const dynamic = 'force-dynamic';

const LINK = /(https?:\/\/[^\s<>"]+)/g;

/** Message text with its links clickable (the text is rendered as text, never as HTML). */
function TextWithLinks({ text }: { text: string }) {
  return (
    <pre>
      {text.split(LINK).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

// The demo's mailbox: what the app would have sent, read from the outbox folder. Only in
// development (`npm run dev`); a production build answers 404, as if it did not exist.
export default async function OutboxPage() {
  if (process.env.NODE_ENV === 'production') notFound();
  const { smtpUrl, outboxDir } = config().mail;
  const messages = smtpUrl ? [] : await readOutbox();
  return (
    <div className="card">
      <h1>Outbox</h1>
      <p className="muted">
        {smtpUrl
          ? 'SMTP_URL is set, so mail goes to that server and nothing is kept here.'
          : `Mail the app sent, newest first, from ${outboxDir}. Set SMTP_URL to send real mail instead.`}
      </p>
      {!smtpUrl && messages.length === 0 && <p>Nothing yet. Sign up, or ask for a recovery link, and the message appears here.</p>}
      {messages.map((message) => (
        <article key={message.file} className="outbox-message" aria-label={message.subject}>
          <h2>{message.subject}</h2>
          <p className="muted">
            To {message.to} · {message.date.replace('T', ' ').slice(0, 19)} UTC
          </p>
          <TextWithLinks text={message.text} />
        </article>
      ))}
    </div>
  );
}
