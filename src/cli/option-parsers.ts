import { InvalidArgumentError } from 'commander';
import { resourceIdProblem } from '../http/resource-ids.js';
import type { ResourceKind } from '../http/resource-ids.js';

/** For repeatable options (`--redirect-uri a --redirect-uri b`): collects every value. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** A whole number ≥ 1; anything else is a usage error that commander names the option in. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

/** Examples for `--help`, after the generated text. */
export const examples = (...lines: string[]) =>
  `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;

/**
 * An id argument, checked with the server's own rule (src/http/resource-ids.ts) before
 * anything is sent: `guest delete acme ..` is a usage error, not a request that `fetch`
 * would turn into `DELETE /tenants/acme`.
 */
export const idOf =
  (kind: ResourceKind) =>
  (value: string): string => {
    const problem = resourceIdProblem(kind, value);
    if (problem) throw new InvalidArgumentError(problem);
    return value;
  };
