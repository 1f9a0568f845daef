import { describe, expect, it } from '@jest/globals';
import { freePort } from '../support/free-port.js';
import { productionSettings, startReadyGuestpass } from '../support/guestpass-process.js';
import { scrape } from '../support/prometheus-text.js';

const production = productionSettings('metrics-entry');
const productionEnv = () =>
  production.env({
    NODE_ENV: 'production',
    REDIS_KEY_PREFIX: 'metrics-entry:',
    LOG_LEVEL: 'silent',
  });

/**
 * Runs the real entry point (src/main.ts through tsx), once ready (bounded: 45 s, tsx compiles
 * the sources at start), until `check` is done with it; `extra` adds settings for its PORT.
 */
async function withServer(
  extra: () => Promise<Record<string, string>>,
  check: (env: Record<string, string>) => Promise<void>,
) {
  const { server, env } = await startReadyGuestpass(
    async () => ({ ...(await productionEnv()), ...(await extra()) }),
    { timeoutMs: 45_000 },
  );
  try {
    await check(env);
  } finally {
    await server.stop();
  }
}

describe('/metrics of the real entry point in production', () => {
  it('answers 404 on PORT when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    await withServer(
      async () => ({}),
      async (env) => {
        expect((await fetch(`http://127.0.0.1:${env.PORT}/metrics`)).status).toBe(404);
      },
    );
  }, 90_000);

  it('serves METRICS_PORT on loopback without a token, and 404 on PORT', async () => {
    await withServer(
      async () => ({ METRICS_PORT: String(await freePort()) }),
      async (env) => {
        const samples = await scrape(`http://127.0.0.1:${env.METRICS_PORT}/metrics`);
        // the readiness polls above were timed, by their route family
        expect(
          samples.some(
            (s) =>
              s.name === 'guestpass_http_request_duration_seconds_count' &&
              s.labels.family === 'health' &&
              s.value >= 1,
          ),
        ).toBe(true);
        expect((await fetch(`http://127.0.0.1:${env.PORT}/metrics`)).status).toBe(404);
      },
    );
  }, 90_000);
});
