import { ConfigError, loadConfig } from '../config/load-config.js';
import { seedDemo } from './dev/seed-demo.js';
import { createApp } from './server/create-app.js';
import { listenForMetrics } from './server/metrics-endpoint.js';

/** Loads the configuration (refusing to start on any problem) and listens. */
async function main() {
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) process.stderr.write(`guestpass: ${problem}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await createApp(config);
  const { logger } = app.services;
  if (config.seedDemo) await seedDemo(app.services);
  const metricsPort = config.metricsPort;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await listenForMetrics(app.metrics, metricsPort).catch((error: Error) => {
          process.stderr.write(`guestpass: METRICS_PORT ${metricsPort}: ${error.message}\n`);
          process.exit(1);
        });
  const server = app.listen(config.port, () => {
    logger.info('server.listening', {
      url: config.publicUrl,
      port: config.port,
      metricsPort,
      store: app.services.store.kind,
    });
    if (config.adminTokenGenerated) {
      process.stdout.write(
        `\n  Guestpass is running at ${config.publicUrl}\n  Admin token (shown once): ${config.adminToken}\n\n`,
      );
    }
  });
  const stop = () => {
    server.close();
    metricsServer?.close();
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
