// Plain JavaScript, as redis-server.js: a test file or jest's global setup may load it.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** the ACL user and password every node of a test cluster requires (REDIS_CLUSTER_USERNAME/PASSWORD) */
export const clusterUser = { username: 'guestpass', password: 'cluster-password-for-tests' };

/**
 * @typedef {{ port: number, busPort: number, dir: string, child?: import('node:child_process').ChildProcess }} ClusterNode
 * @typedef {{
 *   nodes: string,
 *   env: Record<string, string>,
 *   ports: number[],
 *   client: (port: number) => Redis,
 *   keysByNode: (pattern: string) => Promise<Map<number, string[]>>,
 *   masterOf: (slot: number) => Promise<number>,
 *   stopNode: (port: number) => Promise<void>,
 *   startNode: (port: number) => Promise<void>,
 *   waitUntilOk: (ports?: number[]) => Promise<void>,
 *   stop: () => Promise<void>,
 *   startedInMs: number,
 * }} TestCluster
 */

/** @param {() => Promise<boolean>} check @param {number} ms @param {string} what */
async function until(check, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`redis cluster: ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** a client of one node only (not the cluster), that never reconnects or queues */
function nodeClient(/** @type {number} */ port) {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    ...clusterUser,
    lazyConnect: true,
    retryStrategy: () => null,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 1000,
  });
  redis.on('error', () => {});
  return redis;
}

/** @param {number} port @param {string[]} args @returns {Promise<unknown>} one command to one node, or undefined when it does not answer */
async function ask(port, args) {
  const redis = nodeClient(port);
  try {
    return await redis.call(args[0] ?? 'PING', ...args.slice(1));
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/**
 * A real Redis Cluster of `masters` masters and no replicas on free loopback ports, each node
 * in its own temporary folder, requiring the ACL user `clusterUser`. The slots are spread by
 * `redis-cli --cluster create`; it resolves once every node reports `cluster_state:ok`.
 *
 * `cluster-require-full-coverage no`: while one master is down the others keep serving their
 * slots (what README "Redis Cluster" recommends). `stopNode` kills one node (SIGKILL, as a
 * crash); `startNode` starts it again on the same port with its nodes.conf — and, when
 * `durable`, its data (an append-only file; what was acknowledged survives a killed process).
 * @param {{ masters?: number, nodeTimeoutMs?: number, durable?: boolean }} [options]
 * @returns {Promise<TestCluster>}
 */
export async function startRedisCluster(options = {}) {
  const began = Date.now();
  // a free port may be taken by someone else before redis-server binds it: then new ports
  for (let attempt = 1; ; attempt += 1) {
    try {
      const cluster = await startOnce(options);
      return { ...cluster, startedInMs: Date.now() - began };
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** @param {{ masters?: number, nodeTimeoutMs?: number, durable?: boolean }} options @returns {Promise<TestCluster>} */
async function startOnce({ masters = 3, nodeTimeoutMs = 2000, durable = false }) {
  const began = Date.now();
  const root = await mkdtemp(join(tmpdir(), 'guestpass-cluster-'));
  /** @type {ClusterNode[]} */
  const nodes = [];

  /** @param {ClusterNode} node */
  const startNode = async (node) => {
    /** @type {Record<string, string | string[]>} redis-server settings, as in redis.conf */
    const settings = {
      port: String(node.port),
      bind: '127.0.0.1',
      'cluster-enabled': 'yes',
      'cluster-port': String(node.busPort),
      'cluster-config-file': 'nodes.conf',
      'cluster-node-timeout': String(nodeTimeoutMs),
      'cluster-require-full-coverage': 'no',
      dir: node.dir,
      save: '',
      appendonly: durable ? 'yes' : 'no',
      // written to the file before each reply, never postponed: with everysec Redis defers
      // that write while a slow fsync runs (a busy disk under the whole suite), and a killed
      // node then loses what it acknowledged. A killed process, not a lost machine, is tested.
      appendfsync: 'no',
      // an ACL user with every right; every client must authenticate
      user: [clusterUser.username, 'on', `>${clusterUser.password}`, '~*', '&*', '+@all'],
    };
    const args = Object.entries(settings).flatMap(([name, value]) => [
      `--${name}`,
      ...[value].flat(),
    ]);
    // the default user needs a password too (not `off`: an append-only file is replayed as
    // the default user, and Redis drops its transactions when that user may not run them)
    const defaultUser = ['default', 'on', `>${clusterUser.password}-default`, '~*', '&*', '+@all'];
    node.child = spawn('redis-server', [...args, '--user', ...defaultUser], {
      cwd: node.dir,
      stdio: 'ignore',
    });
    const child = node.child;
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited on port ${node.port}`);
        return (await ask(node.port, ['PING'])) === 'PONG';
      },
      10_000,
      `port ${node.port} did not answer`,
    );
  };

  /** @param {ClusterNode} node */
  const stopNode = async (node) => {
    const running = node.child;
    node.child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise((resolve) => {
      running.once('exit', resolve);
      running.kill('SIGKILL');
    });
  };

  const stop = async () => {
    await Promise.all(nodes.map(stopNode));
    await rm(root, { recursive: true, force: true });
  };

  /** every node in `ports` (default all) says cluster_state:ok and knows every master */
  const waitUntilOk = async (ports = nodes.map((n) => n.port)) => {
    await until(
      async () => {
        const infos = await Promise.all(ports.map((p) => ask(p, ['CLUSTER', 'INFO'])));
        return infos.every(
          (info) =>
            typeof info === 'string' &&
            info.includes('cluster_state:ok') &&
            info.includes(`cluster_known_nodes:${masters}`) &&
            info.includes('cluster_slots_ok:16384'),
        );
      },
      20_000,
      'the cluster did not report cluster_state:ok',
    );
  };

  try {
    for (let i = 0; i < masters; i += 1) {
      // the cluster bus port is given too: port + 10000 (Redis's default) may be taken or past 65535
      const port = await freePort();
      let busPort = await freePort();
      while (busPort === port) busPort = await freePort();
      const dir = join(root, String(port));
      await mkdir(dir);
      nodes.push({ port, busPort, dir });
    }
    await Promise.all(nodes.map(startNode));
    await run(
      'redis-cli',
      [
        '--user',
        clusterUser.username,
        '--pass',
        clusterUser.password,
        '--no-auth-warning',
        '--cluster',
        'create',
        ...nodes.map((n) => `127.0.0.1:${n.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { timeout: 20_000 },
    );
    await waitUntilOk();
  } catch (error) {
    await stop();
    throw error;
  }

  const byPort = (/** @type {number} */ port) => {
    const node = nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no cluster node on port ${port}`);
    return node;
  };
  return {
    nodes: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
    // the variables that run Guestpass on it (and not on the run's one redis-server)
    env: {
      REDIS_URL: '',
      REDIS_CLUSTER_NODES: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
      REDIS_CLUSTER_USERNAME: clusterUser.username,
      REDIS_CLUSTER_PASSWORD: clusterUser.password,
    },
    ports: nodes.map((n) => n.port),
    client: (port) => nodeClient(byPort(port).port),
    // each node asked on its own (KEYS: the test data is small)
    keysByNode: async (pattern) => {
      const found = await Promise.all(
        nodes.map(async (n) => {
          const keys = await ask(n.port, ['KEYS', pattern]);
          if (!Array.isArray(keys)) throw new Error(`node ${n.port} did not answer KEYS`);
          return /** @type {[number, string[]]} */ ([n.port, keys.map(String)]);
        }),
      );
      return new Map(found);
    },
    masterOf: async (slot) => {
      // any node that answers (one may be stopped)
      let ranges;
      for (const n of nodes) if (!ranges) ranges = await ask(n.port, ['CLUSTER', 'SLOTS']);
      const range = /** @type {[number, number, [string, number]][]} */ (ranges ?? []).find(
        ([from, to]) => from <= slot && slot <= to,
      );
      if (!range) throw new Error(`no master serves slot ${slot}`);
      return range[2][1];
    },
    stopNode: (port) => stopNode(byPort(port)),
    startNode: (port) => startNode(byPort(port)),
    waitUntilOk,
    stop,
    startedInMs: Date.now() - began,
  };
}
