import { describe, expect, it } from '@jest/globals';
import { metricsAccess } from '../../../src/server/metrics-endpoint.js';
import { configLoader, productionEnv } from '../../support/config-env.js';
import type { Env } from '../../support/config-env.js';

const { load, problems } = configLoader('guestpass-metrics-config-');

describe('METRICS_TOKEN and METRICS_PORT', () => {
  it.each([
    [{}, []],
    [{ METRICS_TOKEN: 'short-dev-token' }, []],
    [{ METRICS_PORT: '9464' }, []],
    [{ METRICS_PORT: '0' }, ['METRICS_PORT: must be at least 1']],
    [{ METRICS_PORT: '70000' }, ['METRICS_PORT: must be at most 65535']],
    [{ METRICS_PORT: 'nine' }, ['METRICS_PORT: must be a whole number']],
    [{ PORT: '9464', METRICS_PORT: '9464' }, ['METRICS_PORT: must differ from PORT (9464)']],
    [
      { METRICS_TOKEN: 'two words' },
      ['METRICS_TOKEN: must not contain spaces (it is sent as a bearer token)'],
    ],
  ])('in development %j → %j', async (env, expected) => {
    expect(await problems(env as Env)).toEqual(expected);
  });

  it.each([
    [{ METRICS_TOKEN: 'm'.repeat(32) }, []],
    [
      { METRICS_TOKEN: 'm'.repeat(31) },
      ['METRICS_TOKEN: must be at least 32 characters in production'],
    ],
    [{ METRICS_PORT: '9464' }, []],
  ])('in production %j → %j', async (env, expected) => {
    expect(await problems({ ...productionEnv(), ...(env as Env) })).toEqual(expected);
  });

  it.each([
    // production, METRICS_TOKEN, METRICS_PORT → who may read /metrics on the main port
    [false, undefined, undefined, 'open'],
    [false, 't'.repeat(32), undefined, 'token'],
    [false, undefined, '9464', 'closed'],
    [false, 't'.repeat(32), '9464', 'token'],
    [true, undefined, undefined, 'closed'],
    [true, 't'.repeat(32), undefined, 'token'],
    [true, undefined, '9464', 'closed'],
    [true, 't'.repeat(32), '9464', 'token'],
  ])(
    'production %s, token %s, port %s: /metrics on the main port is %s',
    async (isProduction, token, port, access) => {
      const config = await load({
        ...(isProduction ? productionEnv() : {}),
        ...(token === undefined ? {} : { METRICS_TOKEN: token }),
        ...(port === undefined ? {} : { METRICS_PORT: port }),
      });
      expect(config.metricsToken).toBe(token);
      expect(config.metricsPort).toBe(port === undefined ? undefined : Number(port));
      expect(metricsAccess(config)).toBe(access);
    },
  );
});
