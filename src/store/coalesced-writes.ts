import type { Socket } from 'node:net';
import type { Cluster, Redis } from 'ioredis';

/** the sockets already coalescing */
const coalescing = new WeakSet<Socket>();

/**
 * A socket whose writes of one tick leave together: the first write of a tick corks it, and
 * it is uncorked when the tick's work is done (process.nextTick runs after the promise jobs
 * then queued), so the commands issued meanwhile — by one request, or by several whose
 * replies arrived in one read — go out in one system call instead of one each. Nothing
 * waits longer: the write happens before the process returns to the event loop.
 */
export function coalesceSocketWrites(socket: Socket): void {
  if (coalescing.has(socket)) return;
  coalescing.add(socket);
  const write = socket.write;
  const uncork = () => socket.uncork();
  socket.write = function writeInTick(this: Socket, ...args: Parameters<Socket['write']>) {
    if (!socket.writableCorked) {
      socket.cork();
      process.nextTick(uncork);
    }
    return write.apply(socket, args);
  } as Socket['write'];
}

/**
 * A Redis connection (each connection it opens: reconnections too) or a cluster's
 * connections (each node's, as it is learned) write each tick's commands as one write
 * (coalesceSocketWrites). ioredis writes every command on its own otherwise, a system call
 * each (README "Performance": what that cost, and how it was measured).
 */
export function coalesceWrites(client: Redis | Cluster): void {
  if (client.isCluster) {
    client.on('+node', (node: Redis) => coalesceWrites(node));
    return;
  }
  const single = client as Redis;
  single.on('connect', () => coalesceSocketWrites(single.stream as Socket));
}
