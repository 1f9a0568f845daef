import { currentRequestId } from './request-context.js';

/** How much the JSON-lines logger writes (LOG_LEVEL). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/**
 * One JSON line an event on stdout. Callers pass named events and plain fields; secrets
 * (codes, tokens, client secrets) are never passed, so never written. A line written while a
 * request is handled carries its `requestId` (src/util/request-context.ts).
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stdout.write(l),
): Logger {
  const at = rank[level];
  const log =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (event: string, fields: LogFields = {}) => {
      if (rank[lvl] < at) return;
      const requestId = currentRequestId();
      const line = { time: new Date().toISOString(), level: lvl, event, requestId, ...fields };
      write(`${JSON.stringify(line)}\n`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
