import type { z } from 'zod';
import { invalidRequest } from './errors.js';

/** Parses input with a zod schema; the error names the first bad field and why. */
export function validate<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length
    ? issue.path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
        .join('')
    : 'body';
  throw invalidRequest(`${field}: ${issue?.message ?? 'invalid'}`);
}
