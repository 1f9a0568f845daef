import { BlockList, isIP } from 'node:net';
import type { Context } from 'koa';

/**
 * TRUST_PROXY: whose X-Forwarded-* headers count. `none`: nobody's (Guestpass faces the
 * clients). `hops`: that many proxies stand in front, each appending the address it saw to
 * X-Forwarded-For; the client is that many entries from the right (the socket's peer being
 * the last proxy). `cidrs`: the proxies are these addresses; the client is the first
 * address, walking from the peer leftwards, that is not one of them.
 */
export type TrustedProxies =
  | { readonly kind: 'none' }
  | { readonly kind: 'hops'; readonly hops: number }
  | { readonly kind: 'cidrs'; readonly cidrs: readonly string[] };

export const maxProxyHops = 20;

export const trustProxyRule = `must be false, true (one proxy), a number of proxies (1 to ${maxProxyHops}) or a comma-separated list of proxy addresses and CIDR ranges (like 10.0.0.0/8,2001:db8::/32)`;

/** TRUST_PROXY's text as a setting, or what is wrong with it. */
export function parseTrustProxy(text: string): TrustedProxies | { readonly problem: string } {
  // lower-case words only, like every other true/false variable
  const value = text.trim();
  if (['false', 'no', '0'].includes(value)) return { kind: 'none' };
  if (['true', 'yes'].includes(value)) return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= maxProxyHops ? { kind: 'hops', hops } : { problem: trustProxyRule };
  }
  const cidrs = value.split(',').map((c) => c.trim());
  if (cidrs.some((c) => subnetOf(c) === undefined)) return { problem: trustProxyRule };
  return { kind: 'cidrs', cidrs };
}

/** `addr/prefix` or a single address, as BlockList takes it; undefined when malformed */
function subnetOf(cidr: string) {
  const [address = '', prefix, extra] = cidr.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= max)) return undefined;
  return { address, bits, type: family === 4 ? ('ipv4' as const) : ('ipv6' as const) };
}

/**
 * An address as written in X-Forwarded-For or by the socket, plain: without brackets, port
 * or the `::ffff:` of an IPv4-mapped IPv6 address; undefined when it is not an IP address.
 */
export function plainAddress(written: string | undefined): string | undefined {
  let value = (written ?? '').trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1] ?? '';
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  if (v4WithPort) value = v4WithPort[1] ?? '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1] ?? '';
  return isIP(value) ? value.toLowerCase() : undefined;
}

/** Who is asking, judged by the trusted proxies (see TrustedProxies). */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trust: TrustedProxies,
  trusted: (address: string) => boolean = () => false,
): string {
  const socket = plainAddress(peer) ?? peer ?? '';
  if (trust.kind === 'none') return socket;
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (trust.kind === 'hops') {
    // the entry `hops` places left of the peer; a malformed one: the nearest good one right of it
    const written = [...chain, socket];
    for (let i = Math.max(0, written.length - 1 - trust.hops); i < written.length; i += 1) {
      const address = plainAddress(written[i]);
      if (address) return address;
    }
    return socket;
  }
  let client = socket;
  for (let i = chain.length - 1; i >= 0 && trusted(client); i -= 1) {
    const address = plainAddress(chain[i]);
    if (!address) break;
    client = address;
  }
  return client;
}

/** Whether an address is one of the listed proxies. */
export function proxyList(cidrs: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const subnet = subnetOf(cidr);
    if (subnet) list.addSubnet(subnet.address, subnet.bits, subnet.type);
  }
  return (address) => {
    const plain = plainAddress(address);
    return plain !== undefined && list.check(plain, isIP(plain) === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * Sets `ctx.ip` to the client's address as the trusted proxies report it (see
 * TrustedProxies), never the leftmost X-Forwarded-For entry, which the client writes. With
 * a list of proxies, a request whose peer is not one of them has its X-Forwarded-* headers
 * removed, so nothing downstream reads them.
 */
export function clientAddresses(trust: TrustedProxies): (ctx: Context) => void {
  const trusted = trust.kind === 'cidrs' ? proxyList(trust.cidrs) : () => false;
  return function clientAddressOf(ctx: Context) {
    const peer = ctx.req.socket.remoteAddress;
    if (trust.kind === 'cidrs' && !trusted(peer ?? '')) {
      for (const name of ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host'])
        delete ctx.req.headers[name];
    }
    ctx.request.ip = clientAddress(peer, ctx.get('x-forwarded-for'), trust, trusted);
  };
}

/** the eight 16-bit groups of an IPv6 address */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}

/**
 * The bucket per-address limits count in: an IPv4 address itself; an IPv6 address by its
 * /64, the smallest network a single subscriber is usually given (one host can use any of
 * its 2^64 addresses).
 */
export function addressBucket(address: string): string {
  const plain = plainAddress(address);
  if (!plain) return address;
  if (isIP(plain) === 4) return plain;
  const prefix = ipv6Groups(plain)
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':');
  return `${prefix}::/64`;
}
