import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { handleClientError } from '../api/client-error.ts';
import { rawRequest } from './helpers/raw-http.ts';

// Node's timeouts and a response already under way cannot be set up on `kensaku serve` from outside: these run the
// same listener on a real server whose timeouts are short. tests/bad-input.test.ts covers the rest through kensaku.
const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections(), s.close();
});

async function listen(options: http.ServerOptions, handler: http.RequestListener): Promise<number> {
  const server = http.createServer(options, handler);
  server.on('clientError', handleClientError);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('clientError listener', () => {
  it('answers a request whose headers never finish with a JSON 408', async () => {
    const port = await listen(
      { headersTimeout: 300, requestTimeout: 300, connectionsCheckingInterval: 50 },
      (_req, res) => res.end('ok'),
    );
    const answer = await rawRequest(port, 'GET /search?q=x HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer.status).toBe(408);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body).error.code).toBe('request_timeout');
  });

  it('adds nothing to a response already under way when garbage follows on the connection', async () => {
    const port = await listen({}, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '4' });
      res.write('pa');
      setTimeout(() => res.end('rt'), 500);
    });
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('latin1');
      // The response has begun on the wire: now the client sends garbage on the same connection.
      if (received.endsWith('pa')) socket.write('HELLO\r\n\r\n');
    });
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => socket.on('close', resolve));
    // Cut off, not continued with an error the client would read as the rest of its body.
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\npa$/);
  });
});
