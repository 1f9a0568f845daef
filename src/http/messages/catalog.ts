import type { en } from './en.js';
import type { Format } from './format.js';

type English = typeof en;

/** Every sentence's key (en.ts is their one source). */
export type MessageKey = keyof English;

/** The parameters a sentence takes; undefined for a sentence without any. */
export type ParamsOf<K extends MessageKey> = English[K] extends (
  p: infer P,
  ...rest: never[]
) => string
  ? P
  : undefined;

/**
 * A language's catalog: every key of the English one, each a sentence or a function of the
 * same parameters. A missing key (or one with other parameters) fails tsc.
 */
export type Catalog = {
  readonly [K in MessageKey]: English[K] extends string
    ? string
    : (p: ParamsOf<K>, f: Format) => string;
};

/** The keys of sentences without parameters (for tables of keys: notices, scope names). */
export type SentenceKey = {
  [K in MessageKey]: ParamsOf<K> extends undefined ? K : never;
}[MessageKey];
