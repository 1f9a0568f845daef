import { describe, expect, it } from '@jest/globals';
import type { Context, Middleware, Next } from 'koa';
import { byFirstSegment } from '../../../src/server/first-segment.js';

/** a middleware that notes it ran, then answers `path` or passes the request on */
const step =
  (name: string, answers?: string): Middleware =>
  async (ctx: Context, next: Next) => {
    (ctx.state.ran as string[]).push(name);
    if (ctx.path === answers) ctx.body = name;
    else await next();
  };

const route = byFirstSegment(
  {
    admin: [step('console', '/admin'), step('api', '/admin/v1/tenants')],
    '': [step('landing', '/')],
    dev: [],
  },
  [step('origin'), step('tenant', '/acme/auth')],
);

async function visit(path: string) {
  const ctx = { path, state: { ran: [] as string[] }, body: undefined as unknown };
  let fellThrough = false;
  await route(ctx as unknown as Context, async () => {
    fellThrough = true;
  });
  return { ran: ctx.state.ran, body: ctx.body, fellThrough };
}

describe('byFirstSegment', () => {
  it.each([
    ['/admin', ['console'], 'console', false],
    ['/admin/v1/tenants', ['console', 'api'], 'api', false],
    ['/', ['landing'], 'landing', false],
    // a tenant's request skips every listed route
    ['/acme/auth', ['origin', 'tenant'], 'tenant', false],
    // what a listed route passes on reaches the rest: a tenant whose id is a listed segment
    ['/admin/elsewhere', ['console', 'api', 'origin', 'tenant'], undefined, true],
    // a segment listed with no middleware is not a route
    ['/dev/outbox', ['origin', 'tenant'], undefined, true],
    ['/nothing', ['origin', 'tenant'], undefined, true],
  ])('%s runs %j', async (path, ran, body, fellThrough) => {
    expect(await visit(path)).toEqual({ ran, body, fellThrough });
  });
});
