import { createServer } from 'node:net';

/** A TCP port free on loopback right now (the kernel picks it); used for the embedded Meilisearch. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
