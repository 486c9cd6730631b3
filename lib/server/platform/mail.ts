import 'server-only';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import { simpleParser } from 'mailparser';
import { config } from './config';

// Sending mail. With SMTP_URL set, over SMTP (nodemailer's SMTP transport: STARTTLS when the
// server offers it, TLS from the start with smtps://). Without it, each message is composed
// exactly as it would be sent and written as an .eml file to the outbox folder, so the demo
// and the tests need no mail server; the development-only page /dev/outbox lists it.

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

let transport: { key: string; transporter: Transporter } | undefined;

function transporter(): Transporter {
  const { smtpUrl } = config().mail;
  const key = smtpUrl ?? 'outbox';
  if (transport?.key !== key) {
    transport = {
      key,
      transporter: smtpUrl ? createTransport(smtpUrl) : createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
    };
  }
  return transport.transporter;
}

/** Sends one message; resolves once the SMTP server accepted it or the .eml file is written. */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const { smtpUrl, from, outboxDir } = config().mail;
  const info = await transporter().sendMail({ from, ...mail });
  if (smtpUrl) return;
  await mkdir(outboxDir, { recursive: true });
  // Time first, so the folder lists in the order the messages were sent.
  const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
  await writeFile(path.join(outboxDir, name), info.message as Buffer, { mode: 0o600 });
}

export type OutboxMessage = { file: string; to: string; subject: string; date: string; text: string; html: string | null };

/** The outbox's newest messages first (the development page reads it; nothing else does). */
export async function readOutbox(limit = 50): Promise<OutboxMessage[]> {
  const dir = config().mail.outboxDir;
  let files: string[];
  try {
    files = (await readdir(dir)).filter((file) => file.endsWith('.eml'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const newest = files.sort().reverse().slice(0, limit);
  return Promise.all(
    newest.map(async (file) => {
      const parsed = await simpleParser(await readFile(path.join(dir, file)));
      const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
      return {
        file,
        to,
        subject: parsed.subject ?? '',
        date: (parsed.date ?? new Date(0)).toISOString(),
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : null,
      };
    }),
  );
}
