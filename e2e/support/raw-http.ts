import { connect } from 'node:net';

// One HTTP/1.1 request written byte for byte, for what an HTTP client library will not send
// as it is (a made-up method, CONNECT, a path with invalid percent-encoding), and the answer
// as it arrived. The connection is closed after the answer.

export type RawAnswer = { status: number; headers: Record<string, string>; body: string };

export function rawRequest(port: number, requestLine: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const lines = [
    requestLine,
    `Host: localhost:${port}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return reject(new Error(`no answer to ${requestLine}: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
      const answerHeaders: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        answerHeaders[name] = name in answerHeaders ? `${answerHeaders[name]}, ${value}` : value;
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: answerHeaders, body: text.slice(end + 4) });
    });
  });
}
