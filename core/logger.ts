/**
 * The project's logger: pino, one root per process, children per component. Logs go to stderr
 * (stdout is for command output such as `cases list --json`): readable lines for people by
 * default, JSON lines for log collectors (LOG_FORMAT=json).
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** 'pretty' for people, 'json' for collectors. @default pretty */
  format?: 'pretty' | 'json';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', name: options.name ?? 'minsheng', base: undefined };
  if (options.format === 'json') return pino(base, pino.destination({ dest: 2, sync: true }));
  const stream = pretty({ destination: 2, sync: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'name', hideObject: options.level !== 'debug' && options.level !== 'trace', colorize: false });
  return pino(base, stream);
}

/** A logger that drops everything: for tests and library callers who pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
