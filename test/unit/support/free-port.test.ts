import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import Koa from 'koa';
import { listenOn, onFreePort } from '../../support/free-port.js';

const taken = () => Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });

describe('onFreePort', () => {
  it('tries another port when the one it was given was taken meanwhile', async () => {
    const tried: number[] = [];
    const port = await onFreePort(async (p) => {
      tried.push(p);
      if (tried.length < 3) throw taken();
      return p;
    });
    expect(tried).toHaveLength(3);
    expect(port).toBe(tried[2]);
  });

  it('gives up after five ports, and never retries another failure', async () => {
    let calls = 0;
    await expect(
      onFreePort(async () => {
        calls += 1;
        throw taken();
      }),
    ).rejects.toThrow('EADDRINUSE');
    expect(calls).toBe(5);
    await expect(
      onFreePort(async () => {
        throw new Error('config refused');
      }),
    ).rejects.toThrow('config refused');
  });

  it('listenOn rejects on a port another server holds', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      await expect(listenOn(new Koa(), port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      holder.close();
    }
  });
});
