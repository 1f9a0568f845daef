// first: an old Node.js gets one clear line before any other module can fail in its own way
import './require-node.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { Config } from '../config/config.js';
import { devSecrets } from './dev/dev-secrets.js';
import { seedDemo } from './dev/seed-demo.js';
import { createApp } from './server/create-app.js';
import { listenForMetrics } from './server/metrics-endpoint.js';
import { devBanner } from './start/dev-banner.js';
import { listen, listenProblem } from './start/listen.js';
import { openStore } from './start/open-store.js';
import { readEnvironment } from './start/read-env.js';
import { createLogger } from './util/logger.js';

/** one line on stderr and the exit code (78: configuration, EX_CONFIG; 1: anything else) */
function refuse(lines: string[], code: number): never {
  for (const line of lines) process.stderr.write(`guestpass: ${line}\n`);
  process.exit(code);
}

/**
 * Reads the environment (over .env), loads the configuration (refusing to start on any
 * problem, all named at once) and listens. NODE_ENV unset is production; `npm run dev` sets
 * development, whose secrets and embedded store are kept in DEV_STATE_DIR (.guestpass-dev).
 */
async function main() {
  const { env } = readEnvironment();
  const development = env.NODE_ENV === 'development';
  const devDir =
    development && env.DEV_STATE_DIR !== 'none'
      ? (env.DEV_STATE_DIR ?? '.guestpass-dev')
      : undefined;

  let config: Config;
  try {
    const kept = devDir === undefined ? {} : await devSecrets(devDir, env);
    config = await loadConfig({ ...env, ...kept });
  } catch (error) {
    if (error instanceof ConfigError) refuse(error.problems, 78);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const { store, devFile } = await openStore(config, logger, devDir);
  const app = await createApp(config, { store, logger });
  if (config.seedDemo) await seedDemo(app.services);

  const metricsPort = config.metricsPort;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await listenForMetrics(app.metrics, metricsPort).catch((error: Error) =>
          refuse([`METRICS_PORT ${metricsPort}: ${error.message}`], 1),
        );
  let server;
  try {
    server = await listen(app, config.port);
  } catch (error) {
    const problem = listenProblem(error as NodeJS.ErrnoException, config.port);
    if (problem === undefined) throw error;
    await devFile?.close();
    refuse([problem], 1);
  }
  logger.info('server.listening', {
    url: config.publicUrl,
    port: config.port,
    metricsPort,
    store: store.kind,
    mode: config.production ? 'production' : 'development',
  });
  if (!config.production) process.stdout.write(devBanner(config, devDir, store.kind));

  const stop = () => {
    server.close();
    metricsServer?.close();
    void (async () => {
      await devFile?.close();
      await app.close();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
