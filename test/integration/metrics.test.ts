import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrometheusMetrics } from '../../src/metrics/prometheus-metrics.js';
import { measuredStore } from '../../src/metrics/measured-store.js';
import { listenForMetrics } from '../../src/server/metrics-endpoint.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.js';
import { createLogger } from '../../src/util/logger.js';
import { freePort } from '../support/free-port.js';
import {
  invite,
  latestCode,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { mailSettled } from '../support/mail-settled.js';
import { parseExposition, scrape, valueOf } from '../support/prometheus-text.js';
import type { Sample } from '../support/prometheus-text.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** the app behind a trusted proxy (the test's own loopback address), with a metrics token */
let world: JourneyWorld;
let rp: RelyingParty;
const token = randomBytes(24).toString('base64url');
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const metrics = () => scrape(`${world.t.url}/metrics`, token);

beforeAll(async () => {
  world = await startJourneyWorld(
    { METRICS_TOKEN: token, TRUST_PROXY: '127.0.0.1' },
    { logger: createLogger('info', (line) => lines.push(line)) },
  );
  rp = await relyingParty(world.t, 'metrics-co');
});
afterAll(async () => world.close());

/** what moved between two scrapes */
const delta =
  (before: Sample[], after: Sample[]) =>
  (name: string, labels: Record<string, string> = {}) =>
    valueOf(after, name, labels) - valueOf(before, name, labels);

describe('/metrics after a passcode sign-in', () => {
  it('moves each counter by exactly what happened, and the sign-in counts match the sign-in log', async () => {
    const email = `metrics-${randomBytes(3).toString('hex')}@example.com`;
    const invited = await invite(world.t, 'metrics-co', email);
    let browserRequests = 0;
    const signIn = new SignIn(
      rp,
      new HttpBrowser(() => {
        browserRequests += 1;
        return {};
      }),
    );
    const logBefore = (await world.t.admin('GET', '/tenants/metrics-co/sign-ins?limit=100')).body
      .items.length as number;
    const before = await metrics();

    const callback = await passcodeSignIn(world, signIn, email);
    const tokens = await signIn.tokens(callback);
    expect(tokens.claims()?.email).toBe(email);

    const after = await metrics();
    const moved = delta(before, after);
    expect(moved('guestpass_passcodes_issued_total', { invited: 'true' })).toBe(1);
    expect(moved('guestpass_passcodes_issued_total', { invited: 'false' })).toBe(0);
    expect(moved('guestpass_passcodes_refused_total')).toBe(0);
    expect(moved('guestpass_passcodes_accepted_total')).toBe(1);
    expect(moved('guestpass_passcodes_rejected_total')).toBe(0);
    expect(moved('guestpass_mail_send_seconds_count', { kind: 'passcode', outcome: 'sent' })).toBe(
      1,
    );
    expect(moved('guestpass_mail_send_seconds_count', { outcome: 'failed' })).toBe(0);
    expect(
      moved('guestpass_redis_operation_seconds_count', { operation: 'script:otp-issue' }),
    ).toBe(1);
    expect(
      moved('guestpass_redis_operation_seconds_count', { operation: 'script:otp-verify' }),
    ).toBe(1);
    expect(moved('guestpass_redis_errors_total')).toBe(0);

    // the sign-in counter moved exactly as the tenant's sign-in log grew, label by label
    const log = (await world.t.admin('GET', '/tenants/metrics-co/sign-ins?limit=100')).body
      .items as { method: string | null; result: string; reason: string }[];
    const entries = log.slice(0, log.length - logBefore);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const expected = new Map<string, number>();
    for (const e of entries) {
      const key = JSON.stringify([e.method ?? 'none', e.result, e.reason]);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    for (const [key, count] of expected) {
      const [method = '', result = '', reason = ''] = JSON.parse(key) as string[];
      expect([key, moved('guestpass_sign_ins_total', { method, result, reason })]).toEqual([
        key,
        count,
      ]);
    }
    expect(moved('guestpass_sign_ins_total')).toBe(entries.length);
    expect(
      moved('guestpass_sign_ins_total', { method: 'otp', result: 'progress', reason: 'code_sent' }),
    ).toBe(1);
    expect(moved('guestpass_sign_ins_total', { result: 'success' })).toBe(1);
    expect(moved('guestpass_sign_ins_total', { result: 'failure' })).toBe(0);

    // every request was timed once: the browser's, the token request, and the first scrape
    const http = 'guestpass_http_request_duration_seconds_count';
    expect(moved(http)).toBe(browserRequests + 1 + 1);
    expect(moved(http, { family: 'oidc_token', method: 'POST', status: '2xx' })).toBe(1);
    expect(moved(http, { family: 'metrics', method: 'GET', status: '2xx' })).toBe(1);
    expect(moved(http, { family: 'oidc_auth' })).toBeGreaterThanOrEqual(2);
    expect(moved(http, { family: 'journey' })).toBeGreaterThanOrEqual(3);
    expect(moved(http, { family: 'other' })).toBe(0);

    // no address, id, tenant or path in any label value
    const forbidden = [email, invited.guest.id, 'metrics-co', rp.clientId, '127.0.0.1'];
    for (const sample of after) {
      for (const value of Object.values(sample.labels)) {
        expect([sample.name, value]).toEqual([sample.name, expect.stringMatching(/^[\w.:+-]*$/)]);
        for (const text of forbidden) expect(value.includes(text)).toBe(false);
        expect(/\d{1,3}(\.\d{1,3}){3}/.test(value)).toBe(false);
      }
    }
  });

  it('counts a wrong code as rejected by its reason, and as a failed attempt', async () => {
    const email = `wrong-${randomBytes(3).toString('hex')}@example.com`;
    await invite(world.t, 'metrics-co', email);
    const signIn = new SignIn(rp);
    const enter = await signIn.browser.submit(await signIn.start({ login_hint: email }), 'send');
    expect(heading(enter)).toBe('Enter code');
    const code = await latestCode(world.sendgrid, email);
    const before = await metrics();
    await signIn.browser.submit(enter, 'verify', { code: code === '000000' ? '111111' : '000000' });
    const moved = delta(before, await metrics());
    expect(moved('guestpass_passcodes_rejected_total', { reason: 'wrong' })).toBe(1);
    expect(moved('guestpass_passcodes_rejected_total')).toBe(1);
    expect(moved('guestpass_passcodes_accepted_total')).toBe(0);
    expect(
      moved('guestpass_sign_ins_total', {
        method: 'otp',
        result: 'failure',
        reason: 'wrong_code',
      }),
    ).toBe(1);
  });

  it('times a mail the transport refused as failed, and counts it as given up and the attempt as not sent, once the courier is done', async () => {
    const email = `refused-${randomBytes(3).toString('hex')}@example.com`;
    const invited = await invite(world.t, 'metrics-co', email);
    const signIn = new SignIn(rp);
    const send = await signIn.start({ login_hint: email });
    // the invitation mail is out before counting starts, and does not take the refusal
    await mailSettled();
    const before = await metrics();
    // a permanent refusal: no retry
    world.sendgrid.respondWith([{ status: 401, body: { errors: [{ message: 'bad key' }] } }]);
    const page = await signIn.browser.submit(send, 'send');
    // the guest sees the code page either way (the mail leaves the request)
    expect(page.status).toBe(200);
    expect(heading(page)).toBe('Enter code');
    await mailSettled();
    const moved = delta(before, await metrics());
    expect(
      moved('guestpass_mail_send_seconds_count', { kind: 'passcode', outcome: 'failed' }),
    ).toBe(1);
    expect(moved('guestpass_mail_send_seconds_count', { outcome: 'failed' })).toBe(1);
    expect(moved('guestpass_mail_send_seconds_count', { outcome: 'sent' })).toBe(0);
    expect(moved('guestpass_courier_deliveries_total', { outcome: 'failed' })).toBe(1);
    expect(moved('guestpass_courier_deliveries_total', { outcome: 'retry' })).toBe(0);
    expect(moved('guestpass_courier_deliveries_total', { outcome: 'delivered' })).toBe(0);
    expect(moved('guestpass_passcodes_issued_total', { invited: 'true' })).toBe(1);
    expect(
      moved('guestpass_sign_ins_total', { method: 'otp', result: 'progress', reason: 'code_sent' }),
    ).toBe(1);
    expect(
      moved('guestpass_sign_ins_total', { method: 'otp', result: 'failure', reason: 'not_sent' }),
    ).toBe(1);
    // the tenant's mail log says the same of this guest's mail
    const mail = await world.t.admin('GET', '/tenants/metrics-co/mail?status=not_sent&limit=500');
    expect(
      (mail.body.items as { guest: string | null; kind: string }[]).filter(
        (i) => i.guest === invited.guest.id,
      ),
    ).toEqual([expect.objectContaining({ kind: 'passcode', status: 'not_sent', attempts: 1 })]);
  });

  it('shows how many tenant providers are built: one more once a new tenant is used', async () => {
    const before = await metrics();
    expect(valueOf(before, 'guestpass_tenant_providers_capacity')).toBe(500);
    const tenant = `built-${randomBytes(3).toString('hex')}`;
    expect((await world.t.admin('POST', '/tenants', { id: tenant, displayName: 'B' })).status).toBe(
      201,
    );
    const discovery = await fetch(`${world.t.url}/${tenant}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const after = await metrics();
    expect(delta(before, after)('guestpass_tenant_providers_built')).toBe(1);
  });
});

describe('who may read /metrics', () => {
  it('asks for the bearer METRICS_TOKEN: none → 401 with a challenge, a wrong one → 401 invalid_token', async () => {
    const none = await fetch(`${world.t.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="guestpass-metrics"');
    const wrong = await fetch(`${world.t.url}/metrics`, {
      headers: { authorization: `Bearer ${token}x` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await wrong.text()).not.toContain('guestpass_');
    const admin = await fetch(`${world.t.url}/metrics`, {
      headers: { authorization: `Bearer ${world.t.adminToken}` },
    });
    expect(admin.status).toBe(401);
    const right = await fetch(`${world.t.url}/metrics`, {
      headers: { authorization: `bearer ${token}` },
    });
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(right.headers.get('cache-control')).toBe('no-store');
    expect(
      valueOf(parseExposition(await right.text()), 'guestpass_passcodes_accepted_total'),
    ).toBeGreaterThanOrEqual(0);
  });

  it('is open on the main port in development when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    const open = await startTestApp();
    try {
      const samples = await scrape(`${open.url}/metrics`);
      expect(samples.some((s) => s.name === 'guestpass_tenant_providers_built')).toBe(true);
      // process metrics come along (prom-client's defaults)
      expect(valueOf(samples, 'process_start_time_seconds')).toBeGreaterThan(0);
    } finally {
      await open.close();
    }
  });
});

describe('METRICS_PORT and an untrusted peer', () => {
  let app: TestApp;
  let metricsPort: number;
  const untrustedLines: string[] = [];
  beforeAll(async () => {
    metricsPort = await freePort();
    app = await startTestApp(
      // the proxies are 10/8: the test's loopback peer is not one of them
      { METRICS_PORT: String(metricsPort), TRUST_PROXY: '10.0.0.0/8' },
      { logger: createLogger('info', (line) => untrustedLines.push(line)) },
    );
  });
  afterAll(async () => app.close());

  it('serves /metrics on a loopback listener of its own without a token, and 404 on the main port', async () => {
    const server = await listenForMetrics(app.app.metrics, metricsPort);
    try {
      expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
      expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
      const samples = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(
        samples.some(
          (s) =>
            s.name === 'guestpass_sign_ins_total' ||
            s.name === 'guestpass_passcodes_accepted_total',
        ),
      ).toBe(true);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
      expect(
        (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST' })).status,
      ).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("ignores an untrusted peer's X-Request-Id: a new id is answered and logged instead", async () => {
    const sent = 'spoofed-by-a-client';
    const response = await fetch(`${app.url}/admin/v1/tenants`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${app.adminToken}`,
        'content-type': 'application/json',
        'x-request-id': sent,
      },
      body: JSON.stringify({ id: `untrusted-${randomBytes(3).toString('hex')}`, displayName: 'U' }),
    });
    expect(response.status).toBe(201);
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(uuid);
    const line = untrustedLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === 'tenant.created' && l.requestId === id);
    expect(line).toBeDefined();
    expect(untrustedLines.some((l) => l.includes(sent))).toBe(false);
  });
});

describe('request ids', () => {
  it('answers a new id for each request that came without one', async () => {
    const a = (await fetch(`${world.t.url}/healthz`)).headers.get('x-request-id') ?? '';
    const b = (await fetch(`${world.t.url}/nowhere/at/all`)).headers.get('x-request-id') ?? '';
    expect(a).toMatch(uuid);
    expect(b).toMatch(uuid);
    expect(a).not.toBe(b);
  });

  it("takes a trusted proxy's well-formed X-Request-Id and replaces a malformed one", async () => {
    const kept = await fetch(`${world.t.url}/healthz`, {
      headers: { 'x-request-id': 'edge-7f3a:9b+c/1=' },
    });
    expect(kept.headers.get('x-request-id')).toBe('edge-7f3a:9b+c/1=');
    for (const bad of ['a'.repeat(129), 'two words', 'quote"inside', '']) {
      const replaced = await fetch(`${world.t.url}/healthz`, { headers: { 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id')).toMatch(uuid);
    }
    // an error page carries it too
    const missing = await fetch(`${world.t.url}/no-such-tenant/token`, {
      method: 'POST',
      headers: { 'x-request-id': 'edge-404' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('edge-404');
  });

  it("puts the proxy's request id on every log line the request writes, down to the journey's", async () => {
    const email = `traced-${randomBytes(3).toString('hex')}@example.com`;
    await invite(world.t, 'metrics-co', email);
    // the invitation mail is delivered before the sign-in starts: its courier line is not counted
    await mailSettled();
    let step = 0;
    const signIn = new SignIn(rp, new HttpBrowser(() => ({ 'x-request-id': `trace-${step}` })));
    const from = lines.length;
    const first = await signIn.start({ login_hint: email });
    step = 1;
    const enter = await signIn.browser.submit(first, 'send');
    step = 2;
    await signIn.browser.submit(enter, 'verify', { code: await latestCode(world.sendgrid, email) });
    // the courier (src/mail/courier/) writes its lines in the background, not in a request
    const courierLine = (l: Record<string, unknown>) => /^(mail|courier)\./.test(String(l.event));
    const written = logged()
      .slice(from)
      .filter((l) => !courierLine(l));
    expect(written.find((l) => l.event === 'otp.queued')?.requestId).toBe('trace-1');
    expect(written.find((l) => l.event === 'otp.accepted')?.requestId).toBe('trace-2');
    expect(written.length).toBeGreaterThanOrEqual(2);
    for (const line of written) expect(line.requestId).toMatch(/^trace-[012]$/);
  });
});

describe('Redis errors and latency', () => {
  it('counts a command Redis refuses as a reply error of its operation', async () => {
    const before = await metrics();
    const { store } = world.t.app.services;
    const key = `${world.t.app.services.config.redisKeyPrefix}metrics:a-hash`;
    await store.hset(key, { field: 'value' });
    await expect(store.get(key)).rejects.toThrow(/WRONGTYPE/);
    const moved = delta(before, await metrics());
    expect(moved('guestpass_redis_errors_total', { operation: 'get', kind: 'reply' })).toBe(1);
    expect(moved('guestpass_redis_errors_total', { kind: 'unavailable' })).toBe(0);
    expect(moved('guestpass_redis_operation_seconds_count', { operation: 'hset' })).toBe(1);
  });

  it('times the commands a together window sends, not the window as an operation', async () => {
    const before = await metrics();
    const { store } = world.t.app.services;
    const key = `${world.t.app.services.config.redisKeyPrefix}metrics:window`;
    await store.together(() => Promise.all([store.get(key), store.get(key)]));
    const moved = delta(before, await metrics());
    expect(moved('guestpass_redis_operation_seconds_count', { operation: 'get' })).toBe(2);
    expect(moved('guestpass_redis_operation_seconds_count', { operation: 'together' })).toBe(0);
  });

  it('counts operations on a Redis that is not there as unavailable, and its connection errors', async () => {
    const port = await freePort(); // nothing listens there
    const down = new RedisStore(`redis://127.0.0.1:${port}`);
    const counted = new PrometheusMetrics({ processMetrics: false });
    counted.observeRedisConnectionErrors(() => down.traffic.connectionErrors);
    const store = measuredStore(down, counted);
    try {
      expect(await down.waitUntilReady(300)).toBe(false);
      await expect(store.get('any')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      const samples = parseExposition(await counted.text());
      expect(valueOf(samples, 'guestpass_redis_errors_total', { kind: 'unavailable' })).toBe(2);
      expect(valueOf(samples, 'guestpass_redis_errors_total', { operation: 'ping' })).toBe(1);
      expect(valueOf(samples, 'guestpass_redis_operation_seconds_count')).toBe(2);
      expect(down.traffic.connectionErrors).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'guestpass_redis_connection_errors_total')).toBeGreaterThanOrEqual(1);
    } finally {
      await store.close();
    }
  });
});
