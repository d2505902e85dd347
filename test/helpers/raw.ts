// One HTTP/1.1 exchange over a raw node:net socket: header names exactly as they were on the
// wire, which fetch and node:http's client lower-case away.
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Header lines in order, names as sent: [['X-RestSvcSessionId', '…'], …]. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** The first value of a header by its exact, case-sensitive name. */
  header(exactName: string): string | undefined;
}

export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${url.host}`, 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = all.subarray(0, split).toString('latin1').split('\r\n');
      const parsed = headerLines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as const);
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers: parsed,
        body: all.subarray(split + 4),
        header: (name) => parsed.find(([n]) => n === name)?.[1],
      });
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}
