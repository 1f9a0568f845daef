import type { Context } from 'koa';

/** Reads and parses one admin request's JSON body (size-limited). */
export type BodyReader = (ctx: Context) => Promise<unknown>;
