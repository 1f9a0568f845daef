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

/**
 * Runs `start` with a free port, and again with another (five times at most) when another
 * process took the port before `start` bound it (EADDRINUSE): freePort only says what was
 * free a moment ago.
 * @template T
 * @param {(port: number) => Promise<T>} start
 * @returns {Promise<T>}
 */
export async function onFreePort(start) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start(await freePort());
    } catch (error) {
      const code = /** @type {{ code?: string }} */ (error).code;
      if (code !== 'EADDRINUSE' || attempt >= 5) throw error;
    }
  }
}

/**
 * Listens on `port` of loopback; rejects when it cannot (the port taken).
 * @param {{ listen: (port: number, host: string, done: () => void) => import('node:http').Server }} app
 * @param {number} port
 * @returns {Promise<import('node:http').Server>}
 */
export function listenOn(app, port) {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}
