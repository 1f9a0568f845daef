/**
 * `npm run bench`: Guestpass (production build, real redis-server, mail to a SendGrid
 * stand-in inside this driver) side by side with bare node-oidc-provider (same key type,
 * instant login), in one run, interleaved. Every figure is reported as a ratio to bare
 * measured in the same run. Then Guestpass's peak (the best sign-ins per wall-clock second of
 * the rounds) and a paced phase at 70 % of it: sign-ins started at a steady rate, whatever
 * answers take, with each step's p50/p99 and the errors. Options: --signins N, --cc N,
 * --concurrency C, --rounds R, --paced N (sign-ins of the paced phase), --json FILE, and
 * --baseline DIR: another Guestpass checkout, built (its dist/), run in the same rounds as a
 * third server (its own redis-server) and compared with this build, figure by figure.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { Redis } from 'ioredis';
import { startRedisServer } from '../test/support/redis-server.js';
import { startSendGridStandIn } from '../test/support/sendgrid-stand-in.js';
import { freePort } from '../test/support/free-port.js';
import { BenchBrowser, formOf } from './http-client.js';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const textArgument = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const jsonFile = textArgument('json');
/** another Guestpass checkout (built) to compare this build with, in the same rounds */
const baselineDir = textArgument('baseline');
const settings = {
  signIns: argument('signins', 600),
  clientCredentials: argument('cc', 6000),
  concurrency: argument('concurrency', 8),
  rounds: argument('rounds', 6),
  paced: argument('paced', 1000),
};
const callback = 'http://127.0.0.1:9/callback';
const secret = () => randomBytes(32).toString('base64url');
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** user+system CPU seconds a process has used (Linux /proc) */
function cpuSeconds(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** starts a node process and waits (30 s at most) until `url` answers 200 */
async function startChild(
  args: string[],
  env: Record<string, string>,
  url: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && exited === null) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not start (exit code ${exited})`);
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

interface Target {
  /** `guestpass` (this build), `baseline` (--baseline) or `bare` */
  readonly name: string;
  readonly issuer: string;
  readonly child: ChildProcess;
  readonly rp: { id: string; secret: string };
  readonly cc: { id: string; secret: string };
  /** the address of the next invited guest (bare signs a fixed account in: any address) */
  nextGuest(): string;
  /** Redis commands and read events of its own redis-server so far (Guestpass only) */
  redisStats?(): Promise<{ commands: number; reads: number }>;
  /** the guest journey between authorize and the callback */
  journey(browser: BenchBrowser, url: string, email: string, step: Timer): Promise<string>;
}

type Timer = <T>(name: string, work: () => Promise<T>) => Promise<T>;

async function signIn(
  target: Target,
  email: string,
  address: string,
  steps: Map<string, number[]>,
  requests?: { count: number },
) {
  const time: Timer = async (name, work) => {
    const started = performance.now();
    const result = await work();
    const list = steps.get(name) ?? [];
    list.push(performance.now() - started);
    steps.set(name, list);
    return result;
  };
  const browser = new BenchBrowser(address);
  const verifier = secret();
  const authorize = new URL(`${target.issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: target.rp.id,
    response_type: 'code',
    scope: 'openid email',
    redirect_uri: callback,
    state: secret(),
    nonce: secret(),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const landed = await target.journey(browser, authorize.href, email, time);
  if (requests) requests.count += browser.requests + 1; // and the token request
  const code = new URL(landed).searchParams.get('code');
  if (!code) throw new Error(`no code at ${landed}`);
  await time('token', async () => {
    const response = await fetch(`${target.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${target.rp.id}:${target.rp.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: callback,
        code_verifier: verifier,
      }),
    });
    if (response.status !== 200)
      throw new Error(`token ${response.status}: ${await response.text()}`);
    await response.json();
  });
}

async function clientCredentials(target: Target) {
  const response = await fetch(`${target.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${target.cc.id}:${target.cc.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (response.status !== 200)
    throw new Error(`client_credentials ${response.status}: ${await response.text()}`);
  await response.json();
}

/** runs `count` jobs with `concurrency` workers; returns the errors */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  let errors = 0;
  let first: unknown;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        try {
          await job(i);
        } catch (error) {
          errors += 1;
          first ??= error;
        }
      }
    }),
  );
  if (first) log(`first error: ${(first as Error).message}`);
  return errors;
}

async function main() {
  log(
    `${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (baselineDir && !existsSync(join(baselineDir, 'dist/src/main.js'))) {
    throw new Error(
      `--baseline ${baselineDir}: no dist/src/main.js there (check the other build out, then npm ci && npm run build in it)`,
    );
  }
  const sendgrid = await startSendGridStandIn();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwks = {
    keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' }],
  };
  const folder = mkdtempSync(join(tmpdir(), 'guestpass-bench-'));
  writeFileSync(join(folder, 'jwks.json'), JSON.stringify(jwks));
  const total = settings.signIns + settings.concurrency * 4 + settings.paced;

  /**
   * the latest code mailed to each address, from the stand-in's requests read once each as they
   * arrive (scanning them all on every poll made the driver's work grow with the run, until it
   * starved the servers of CPU in a long paced phase)
   */
  const mailedCodes = new Map<string, string>();
  let mailsRead = 0;
  const readMails = () => {
    for (; mailsRead < sendgrid.requests.length; mailsRead += 1) {
      const text = JSON.stringify(sendgrid.requests[mailsRead]!.body);
      const code = /\b(\d{6})\b/.exec(text)?.[1];
      if (code)
        for (const [, to] of text.matchAll(/"email":"([^"]+)"/g)) mailedCodes.set(to!, code);
    }
  };
  /** the code mailed to an address: the courier mails it just after Send code answered */
  const codeFor = async (email: string) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      readMails();
      const code = mailedCodes.get(email);
      if (code !== undefined) return code;
      if (Date.now() > deadline) throw new Error(`no code mailed to ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  /** what stops once the run is over: redis-servers and their clients */
  const stops: (() => Promise<void> | void)[] = [];

  /**
   * a Guestpass server (`main` is its built entry point) on a redis-server of its own, with a
   * tenant, its clients and `total` guests invited before the timed window (addresses of its
   * own: the stand-in mails every server's codes)
   */
  async function startGuestpass(name: string, main: string): Promise<Target> {
    const redis = await startRedisServer();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const adminToken = secret();
    const child = await startChild(
      [main],
      {
        NODE_ENV: 'production',
        PORT: String(port),
        PUBLIC_URL: url,
        TRUST_PROXY: 'true',
        REDIS_URL: redis.url,
        MAIL_TRANSPORT: 'sendgrid',
        SENDGRID_API_KEY: 'SG.bench',
        SENDGRID_API_URL: sendgrid.url,
        ADMIN_TOKEN: adminToken,
        COOKIE_SECRETS: secret(),
        JWKS_PATH: join(folder, 'jwks.json'),
        LOG_LEVEL: 'error',
      },
      `${url}/healthz`,
    );
    const admin = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}/admin/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const json = (await response.json()) as Record<string, string>;
      if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
      return json;
    };
    await admin('POST', '/tenants', { id: 'bench', displayName: 'Bench' });
    const rp = await admin('POST', '/tenants/bench/clients', {
      client_name: 'Bench app',
      redirect_uris: [callback],
    });
    const cc = await admin('POST', '/tenants/bench/clients', {
      client_name: 'Bench service',
      redirect_uris: [callback],
      grant_types: ['authorization_code', 'client_credentials'],
    });
    const domain = name === 'guestpass' ? 'bench.example' : `${name}.bench.example`;
    log(`inviting ${total} guests of ${name} before the timed window`);
    await pool(total, 8, async (i) => {
      await admin('POST', '/tenants/bench/invitations', {
        email: `guest${i}@${domain}`,
        redirectUrl: 'https://app.bench.example/',
        sendEmail: false,
      });
    });
    const client = new Redis(redis.url);
    stops.push(
      () => client.disconnect(),
      () => redis.stop(),
    );
    let guest = 0;
    return {
      name,
      issuer: `${url}/bench`,
      child,
      rp: { id: rp.client_id!, secret: rp.client_secret! },
      cc: { id: cc.client_id!, secret: cc.client_secret! },
      nextGuest: () => `guest${guest++}@${domain}`,
      async redisStats() {
        const [commandStats, stats] = await Promise.all([
          client.info('commandstats'),
          client.info('stats'),
        ]);
        return {
          commands: [...commandStats.matchAll(/calls=(\d+)/g)].reduce(
            (sum, m) => sum + Number(m[1]),
            0,
          ),
          // read events Redis processed: one a batch of commands a connection sent (a
          // pipeline, or a command alone), so round trips as Redis saw them; the INFO
          // reading them is one of them
          reads: Number(/total_reads_processed:(\d+)/.exec(stats)?.[1] ?? 0) - 1,
        };
      },
      async journey(browser, authorizeUrl, email, time) {
        const identify = await time('authorize', () => browser.go(authorizeUrl));
        const form = formOf(identify, 'identify');
        const send = await time('identify', () => browser.go(form.url, { ...form.fields, email }));
        const sendForm = formOf(send, 'send');
        const enter = await time('send code', () => browser.go(sendForm.url, sendForm.fields));
        const verifyForm = formOf(enter, 'verify');
        const code = await codeFor(email);
        const accept = await time('verify code', () =>
          browser.go(verifyForm.url, { ...verifyForm.fields, code }),
        );
        const acceptForm = formOf(accept, 'accept');
        const consent = await time('accept', () =>
          browser.go(acceptForm.url, { ...acceptForm.fields, decision: 'accept' }),
        );
        const consentForm = formOf(consent, 'consent');
        const done = await time('consent', () =>
          browser.go(consentForm.url, { ...consentForm.fields, decision: 'allow' }, callback),
        );
        return done.location ?? '';
      },
    };
  }

  log('starting Guestpass (production build) and bare oidc-provider');
  const guestpass = await startGuestpass('guestpass', 'dist/src/main.js');
  const baseline = baselineDir
    ? await startGuestpass('baseline', resolve(baselineDir, 'dist/src/main.js'))
    : undefined;

  const barePort = await freePort();
  const bareClients = [
    {
      client_id: 'bench-rp',
      client_secret: secret(),
      redirect_uris: [callback],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
    {
      client_id: 'bench-cc',
      client_secret: secret(),
      redirect_uris: [callback],
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code'],
    },
  ];
  const bare = await startChild(
    ['--import', 'tsx', 'bench/bare-provider.ts'],
    {
      PORT: String(barePort),
      JWKS_JSON: JSON.stringify(jwks),
      CLIENTS_JSON: JSON.stringify(bareClients),
    },
    `http://127.0.0.1:${barePort}/.well-known/openid-configuration`,
  );

  const targets: Target[] = [
    guestpass,
    ...(baseline ? [baseline] : []),
    {
      name: 'bare',
      issuer: `http://127.0.0.1:${barePort}`,
      child: bare,
      rp: { id: 'bench-rp', secret: bareClients[0]!.client_secret },
      cc: { id: 'bench-cc', secret: bareClients[1]!.client_secret },
      nextGuest: () => 'guest@bench.example',
      async journey(browser, url, _email, time) {
        const done = await time('authorize', () => browser.go(url, undefined, callback));
        return done.location ?? '';
      },
    },
  ];
  const noStats = { commands: 0, reads: 0 };

  const results = new Map(
    targets.map((t) => [
      t.name,
      {
        signIns: 0,
        signInCpu: 0,
        signInErrors: 0,
        cc: 0,
        ccCpu: 0,
        ccErrors: 0,
        steps: new Map<string, number[]>(),
        redisCommands: 0,
        redisReads: 0,
        http: { count: 0 },
        /** sign-ins per wall-clock second, the best round */
        peak: 0,
      },
    ]),
  );
  // every sign-in comes from a client address of its own (per-IP limits stay on)
  let addresses = 0;
  const nextAddress = (round: number) => {
    const n = addresses++;
    return `10.${round}.${Math.floor(n / 250) % 250}.${n % 250}`;
  };
  // the warm-up lets the JITs settle before anything is measured
  log('warming up');
  for (const target of targets) {
    await pool(settings.concurrency * 4, settings.concurrency, async () => {
      await signIn(target, target.nextGuest(), nextAddress(0), new Map());
    });
    await pool(500, settings.concurrency, () => clientCredentials(target));
  }
  const perRound = Math.floor(settings.signIns / settings.rounds);
  /** each round's ratios to bare (Guestpass's sign-ins or grants per CPU second over bare's) */
  const roundRatios = { signIns: [] as number[], clientCredentials: [] as number[] };
  /** each round's ratios of this build to the baseline (--baseline) */
  const baselineRatios = { signIns: [] as number[], clientCredentials: [] as number[] };
  const ccPerRound = Math.floor(settings.clientCredentials / settings.rounds);
  for (let round = 1; round <= settings.rounds; round += 1) {
    // the order alternates, so a machine that slows down or speeds up favours neither
    const order = round % 2 ? targets : [...targets].reverse();
    const cpu = new Map<string, { signIn: number; cc: number }>();
    for (const target of order) {
      const result = results.get(target.name)!;
      const before = cpuSeconds(target.child);
      const redisBefore = (await target.redisStats?.()) ?? noStats;
      const started = performance.now();
      result.signInErrors += await pool(perRound, settings.concurrency, async () => {
        await signIn(target, target.nextGuest(), nextAddress(round), result.steps, result.http);
      });
      result.peak = Math.max(result.peak, perRound / ((performance.now() - started) / 1000));
      const signInCpu = cpuSeconds(target.child) - before;
      result.signInCpu += signInCpu;
      const redisAfter = (await target.redisStats?.()) ?? noStats;
      result.redisReads += redisAfter.reads - redisBefore.reads;
      result.redisCommands += redisAfter.commands - redisBefore.commands;
      result.signIns += perRound;
      const ccBefore = cpuSeconds(target.child);
      result.ccErrors += await pool(ccPerRound, settings.concurrency, () =>
        clientCredentials(target),
      );
      const ccCpu = cpuSeconds(target.child) - ccBefore;
      result.ccCpu += ccCpu;
      result.cc += ccPerRound;
      cpu.set(target.name, { signIn: signInCpu, cc: ccCpu });
    }
    const gpCpu = cpu.get('guestpass')!;
    const bareCpu = cpu.get('bare')!;
    roundRatios.signIns.push(bareCpu.signIn / gpCpu.signIn);
    roundRatios.clientCredentials.push(bareCpu.cc / gpCpu.cc);
    const baseCpu = cpu.get('baseline');
    if (baseCpu) {
      baselineRatios.signIns.push(baseCpu.signIn / gpCpu.signIn);
      baselineRatios.clientCredentials.push(baseCpu.cc / gpCpu.cc);
    }
    const against = baseCpu
      ? `; this build ${(baseCpu.signIn / gpCpu.signIn).toFixed(2)}× and ${(baseCpu.cc / gpCpu.cc).toFixed(2)}× the baseline`
      : '';
    log(
      `round ${round}/${settings.rounds}: ${perRound} sign-ins (${(bareCpu.signIn / gpCpu.signIn).toFixed(2)}× bare), ${ccPerRound} client_credentials (${(bareCpu.cc / gpCpu.cc).toFixed(2)}× bare)${against}`,
    );
  }

  const gpResult = results.get('guestpass')!;
  const bareResult = results.get('bare')!;

  // 70 % of Guestpass's peak, paced: a sign-in starts every 1/rate seconds whatever the
  // answers take (an open loop: slow answers pile up instead of slowing the load down)
  const pacedRate = gpResult.peak * 0.7;
  const paced = { steps: new Map<string, number[]>(), errors: 0, rate: pacedRate, seconds: 0 };
  log(`paced phase: ${settings.paced} sign-ins at ${pacedRate.toFixed(1)}/s (70% of peak)`);
  {
    const gp = targets.find((t) => t.name === 'guestpass')!;
    const pacedStart = performance.now();
    const running: Promise<void>[] = [];
    let firstError: unknown;
    for (let i = 0; i < settings.paced; i += 1) {
      const due = pacedStart + (i * 1000) / pacedRate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      running.push(
        signIn(gp, gp.nextGuest(), nextAddress(settings.rounds + 1), paced.steps).catch(
          (error: unknown) => {
            paced.errors += 1;
            firstError ??= error;
          },
        ),
      );
    }
    await Promise.all(running);
    paced.seconds = (performance.now() - pacedStart) / 1000;
    if (firstError) log(`paced phase, first error: ${(firstError as Error).message}`);
  }
  const rate = (n: number, cpu: number) => (cpu > 0 ? n / cpu : 0);
  function baselineOf(base: typeof gpResult | undefined) {
    if (!base) return undefined;
    return {
      directory: baselineDir,
      signInsPerCpuSecond: rate(base.signIns, base.signInCpu),
      clientCredentialsPerCpuSecond: rate(base.cc, base.ccCpu),
      redisCommandsPerSignIn: base.redisCommands / base.signIns,
      redisRoundTripsPerSignIn: base.redisReads / base.signIns,
      httpRequestsPerSignIn: base.http.count / base.signIns,
      errors: base.signInErrors + base.ccErrors,
      /** this build's sign-ins (grants) per CPU second over the baseline's, round by round */
      roundRatios: baselineRatios,
    };
  }
  const report = {
    machine: { cores: cpus().length, loadAverage: loadavg() },
    settings,
    signInsPerCpuSecond: {
      guestpass: rate(gpResult.signIns, gpResult.signInCpu),
      bare: rate(bareResult.signIns, bareResult.signInCpu),
    },
    clientCredentialsPerCpuSecond: {
      guestpass: rate(gpResult.cc, gpResult.ccCpu),
      bare: rate(bareResult.cc, bareResult.ccCpu),
    },
    /** the same ratios round by round: how far one round's figure can be trusted */
    roundRatios,
    redisCommandsPerSignIn: gpResult.redisCommands / gpResult.signIns,
    redisRoundTripsPerSignIn: gpResult.redisReads / gpResult.signIns,
    httpRequestsPerSignIn: {
      guestpass: gpResult.http.count / gpResult.signIns,
      bare: bareResult.http.count / bareResult.signIns,
    },
    peakSignInsPerSecond: { guestpass: gpResult.peak, bare: bareResult.peak },
    paced: {
      signInsPerSecond: paced.rate,
      signIns: settings.paced,
      seconds: paced.seconds,
      errors: paced.errors,
      steps: Object.fromEntries(
        [...paced.steps].map(([name, values]) => [
          name,
          { p50: percentile(values, 50), p99: percentile(values, 99) },
        ]),
      ),
    },
    errors: {
      guestpass: gpResult.signInErrors + gpResult.ccErrors,
      bare: bareResult.signInErrors + bareResult.ccErrors,
    },
    steps: Object.fromEntries(
      [...gpResult.steps].map(([name, values]) => [
        name,
        { p50: percentile(values, 50), p99: percentile(values, 99) },
      ]),
    ),
    bareSteps: Object.fromEntries(
      [...bareResult.steps].map(([name, values]) => [
        name,
        { p50: percentile(values, 50), p99: percentile(values, 99) },
      ]),
    ),
    /** --baseline: the other build's figures in the same rounds, and this build's ratios to them */
    baseline: baselineOf(results.get('baseline')),
  };
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
  /** the median of some ratios and their range */
  const spread = (ratios: number[]) =>
    `median ${percentile(ratios, 50).toFixed(2)}×, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
  const f = (n: number) => n.toFixed(0);
  const lines = [
    `| | Guestpass | bare oidc-provider | ratio |`,
    `| --- | --- | --- | --- |`,
    `| passcode sign-ins per server-CPU-second | ${f(report.signInsPerCpuSecond.guestpass)} | ${f(report.signInsPerCpuSecond.bare)} | ${ratio(report.signInsPerCpuSecond.guestpass, report.signInsPerCpuSecond.bare)} |`,
    `| client_credentials per server-CPU-second | ${f(report.clientCredentialsPerCpuSecond.guestpass)} | ${f(report.clientCredentialsPerCpuSecond.bare)} | ${ratio(report.clientCredentialsPerCpuSecond.guestpass, report.clientCredentialsPerCpuSecond.bare)} |`,
    `| HTTP requests per sign-in | ${report.httpRequestsPerSignIn.guestpass.toFixed(1)} | ${report.httpRequestsPerSignIn.bare.toFixed(1)} | |`,
    `| Redis round trips per sign-in (read events at Redis, under load) | ${report.redisRoundTripsPerSignIn.toFixed(1)} | — | |`,
    `| Redis commands per sign-in (Lua's inner commands included) | ${report.redisCommandsPerSignIn.toFixed(1)} | — | |`,
    `| peak sign-ins per wall-clock second (concurrency ${settings.concurrency}) | ${f(report.peakSignInsPerSecond.guestpass)} | ${f(report.peakSignInsPerSecond.bare)} | |`,
    `| errors | ${report.errors.guestpass} | ${report.errors.bare} | |`,
    ...Object.entries(report.steps).map(
      ([name, { p50, p99 }]) =>
        `| step ${name}: p50 / p99 ms | ${p50.toFixed(1)} / ${p99.toFixed(1)} | ${report.bareSteps[name] ? `${report.bareSteps[name]!.p50.toFixed(1)} / ${report.bareSteps[name]!.p99.toFixed(1)}` : ''} | |`,
    ),
    ``,
    `Ratios round by round: sign-ins ${spread(roundRatios.signIns)}; client_credentials ${spread(roundRatios.clientCredentials)}`,
    ``,
    ...(report.baseline
      ? [
          `| | this build | baseline (${baselineDir}) | this build / baseline |`,
          `| --- | --- | --- | --- |`,
          `| passcode sign-ins per server-CPU-second | ${f(report.signInsPerCpuSecond.guestpass)} | ${f(report.baseline.signInsPerCpuSecond)} | ${ratio(report.signInsPerCpuSecond.guestpass, report.baseline.signInsPerCpuSecond)} |`,
          `| client_credentials per server-CPU-second | ${f(report.clientCredentialsPerCpuSecond.guestpass)} | ${f(report.baseline.clientCredentialsPerCpuSecond)} | ${ratio(report.clientCredentialsPerCpuSecond.guestpass, report.baseline.clientCredentialsPerCpuSecond)} |`,
          `| HTTP requests per sign-in | ${report.httpRequestsPerSignIn.guestpass.toFixed(1)} | ${report.baseline.httpRequestsPerSignIn.toFixed(1)} | |`,
          `| Redis round trips per sign-in | ${report.redisRoundTripsPerSignIn.toFixed(1)} | ${report.baseline.redisRoundTripsPerSignIn.toFixed(1)} | |`,
          `| Redis commands per sign-in | ${report.redisCommandsPerSignIn.toFixed(1)} | ${report.baseline.redisCommandsPerSignIn.toFixed(1)} | |`,
          `| errors | ${report.errors.guestpass} | ${report.baseline.errors} | |`,
          ``,
          `This build over the baseline, round by round: sign-ins ${spread(baselineRatios.signIns)}; client_credentials ${spread(baselineRatios.clientCredentials)}`,
          ``,
        ]
      : []),
    `Paced at 70% of Guestpass's peak: ${report.paced.signInsPerSecond.toFixed(1)} sign-ins/s, ${report.paced.signIns} sign-ins in ${report.paced.seconds.toFixed(1)} s, errors ${report.paced.errors}`,
    ``,
    `| step | p50 ms | p99 ms |`,
    `| --- | --- | --- |`,
    ...Object.entries(report.paced.steps).map(
      ([name, { p50, p99 }]) => `| ${name} | ${p50.toFixed(1)} | ${p99.toFixed(1)} |`,
    ),
    ``,
    `${settings.signIns} sign-ins and ${settings.clientCredentials} client_credentials grants per server in ${settings.rounds} interleaved rounds, ${settings.concurrency} at a time; ${report.machine.cores} cores, load average ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  for (const target of targets) target.child.kill('SIGTERM');
  await sendgrid.close();
  for (const stop of stops) await stop();
}

await main();
