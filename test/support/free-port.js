// Plain JavaScript: jest's global setup loads it without a transform.
import { createServer } from 'node:net';

/** @returns {Promise<number>} a TCP port free on loopback right now */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
