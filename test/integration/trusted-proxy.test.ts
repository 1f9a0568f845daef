import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { invite, relyingParty, SignIn, startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { uniqueId } from '../support/shared-state.js';

/**
 * Item 9: behind trusted proxies the client address is taken that many hops from the right
 * of X-Forwarded-For (or left of the last listed proxy), never the leftmost entry the client
 * wrote itself; IPv6 clients count per /64. The proxy is a real one-hop HTTP proxy on
 * loopback that appends the address it saw, as nginx's $proxy_add_x_forwarded_for does.
 */
interface Proxy {
  readonly url: string;
  close(): Promise<void>;
}

/** forwards every request to `target`, appending its peer to X-Forwarded-For */
async function startProxy(target: string, options: { localAddress?: string } = {}): Promise<Proxy> {
  const upstream = new URL(target);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const seen = req.socket.remoteAddress ?? '';
    const written = req.headers['x-forwarded-for'];
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        localAddress: options.localAddress,
        headers: {
          ...req.headers,
          host: upstream.host,
          'x-forwarded-for': written ? `${String(written)}, ${seen}` : seen,
          'x-forwarded-proto': 'http',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

/** an app with a tenant and a relying party, and a proxy in front of it */
async function worldBehindProxy(env: Record<string, string>, proxyOptions = {}) {
  const world: JourneyWorld = await startJourneyWorld({
    RATE_LIMIT_AUTHORIZATIONS_PER_IP: '3',
    RATE_LIMIT_SENDS_PER_IP: '10000000',
    RATE_LIMIT_VERIFIES_PER_IP: '10000000',
    ...env,
  });
  opened.push(world);
  const proxy = await startProxy(world.t.url, proxyOptions);
  opened.push(proxy);
  const tenant = uniqueId('fabrikam');
  const rp = await relyingParty(world.t, tenant, { displayName: 'Fabrikam' });
  /** an authorization request as the relying party builds it, sent to `base` */
  const authorize = async (base: string, forwardedFor?: string) => {
    const url = new URL(await new SignIn(rp).url());
    const response = await fetch(`${base}${url.pathname}${url.search}`, {
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      html: await response.text(),
    };
  };
  return { world, proxy, tenant, rp, authorize };
}

let spoofed = 0;
/** a different made-up client address each time */
const spoof = () => {
  spoofed += 1;
  return `203.0.113.${spoofed % 250}, 198.51.100.${(spoofed * 7) % 250}`;
};

describe('TRUST_PROXY=true (one proxy): X-Forwarded-For written by the client does not make a new client', () => {
  it('authorization requests: the fourth through the proxy is refused whatever address the client claims', async () => {
    const { proxy, authorize } = await worldBehindProxy({ TRUST_PROXY: 'true' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await authorize(proxy.url, spoof())).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
  });

  it('Send code: the per-address limit holds for a client that claims a new address on every request', async () => {
    const { world, proxy, tenant, rp } = await worldBehindProxy({
      TRUST_PROXY: 'true',
      RATE_LIMIT_AUTHORIZATIONS_PER_IP: '10000000',
      RATE_LIMIT_SENDS_PER_IP: '2',
    });
    const results = [];
    for (let i = 0; i < 3; i += 1) {
      const email = `${uniqueId('guest')}@example.com`;
      await invite(world.t, tenant, email);
      const browser = new HttpBrowser(() => ({ 'x-forwarded-for': spoof() }));
      const url = new URL(await new SignIn(rp, browser).url({ login_hint: email }));
      const send = await browser.go(`${proxy.url}${url.pathname}${url.search}`);
      expect(heading(send)).toBe('Verify your email');
      const after = await browser.submit(send, 'send');
      results.push(
        after.status === 429 ? after.html.includes('from your network') : heading(after),
      );
    }
    expect(results).toEqual(['Enter code', 'Enter code', true]);
  });
});

describe('TRUST_PROXY as a hop count, and IPv6 clients per /64', () => {
  it('TRUST_PROXY=2: the client is two entries from the right; addresses of one /64 share a limit, another /64 has its own', async () => {
    // the test client plays the first proxy: it writes the client address it "saw"
    const { proxy, authorize } = await worldBehindProxy({ TRUST_PROXY: '2' });
    const sameNetwork = [
      '2001:db8:1:2::1',
      '2001:db8:1:2:a:b:c:d',
      '[2001:db8:1:2::3]:443',
      '2001:0DB8:0001:0002:ffff::9',
    ];
    const statuses = [];
    for (const client of sameNetwork) statuses.push((await authorize(proxy.url, client)).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
    expect((await authorize(proxy.url, '2001:db8:1:3::1')).status).toBe(303);
  });
});

describe('TRUST_PROXY as a list of proxy addresses', () => {
  it('only the listed proxy is believed: through it and around it, the client counts as the same address', async () => {
    // the proxy reaches the app from 127.0.0.3, the only trusted address
    const { world, proxy, authorize } = await worldBehindProxy(
      { TRUST_PROXY: '127.0.0.3/32, 10.0.0.0/8' },
      { localAddress: '127.0.0.3' },
    );
    const statuses = [];
    for (let i = 0; i < 2; i += 1) statuses.push((await authorize(proxy.url, spoof())).status);
    // straight to the app (no proxy) with a made-up X-Forwarded-For: the peer is not a proxy
    statuses.push((await authorize(world.t.url, spoof())).status);
    statuses.push((await authorize(proxy.url, '10.1.2.3')).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
  });
});

describe('TRUST_PROXY=false', () => {
  it('X-Forwarded-For is ignored: the limit counts the socket’s address', async () => {
    const { world, authorize } = await worldBehindProxy({ TRUST_PROXY: 'false' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await authorize(world.t.url, spoof())).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
  });
});
