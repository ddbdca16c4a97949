import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent, undecoded. */
  raw: Buffer;
}

/**
 * Sends bytes over a fresh TCP connection and collects everything the server sends until it closes, so requests
 * fetch() refuses to send (raw UTF-8, bad framing) can be tested. `halfClose` ends our side after writing.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  options: { halfClose?: boolean; timeoutMs?: number } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(
      () => socket.destroy(new Error('the server kept the connection open')),
      options.timeoutMs ?? 10_000,
    );
    socket.on('data', (d) => chunks.push(d));
    // A reset after the answer arrived still leaves the answer to check.
    socket.on('error', (e) => (chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    socket.write(bytes);
    if (options.halfClose) socket.end();
  });
}

/** rawExchange, parsed: the server must send one complete response. */
export async function rawRequest(
  port: number,
  bytes: string | Buffer,
  options: { halfClose?: boolean; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return parseResponse(await rawExchange(port, bytes, options));
}

/** The first HTTP/1.1 response in `raw`; its body is exactly Content-Length bytes (throws if they are not all there). */
export function parseResponse(raw: Buffer): RawAnswer {
  const split = raw.indexOf('\r\n\r\n');
  if (split === -1)
    throw new Error(`no complete response head: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`);
  const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(statusLine!)?.[1]);
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const length = Number(headers['content-length']);
  const body = raw.subarray(split + 4, split + 4 + length);
  if (!Number.isInteger(length) || body.length !== length)
    throw new Error(`body is not the ${headers['content-length']} bytes announced`);
  return { status, headers, body: body.toString('utf8'), raw };
}
