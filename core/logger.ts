/**
 * The project's logger: pino, one root per process, children per component. Logs go to stderr
 * (stdout is for command output such as `cases list --json`): readable lines for people by
 * default, JSON lines for log collectors (LOG_FORMAT=json).
 */
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { beijingClock } from './beijing-time.js';
import { printableLines } from './visible-text.js';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** 'pretty' for people, 'json' for collectors. @default pretty */
  format?: 'pretty' | 'json';
}

/** pino-pretty, loaded with the first readable logger: a command that logs nothing (`minsheng --help`) need not load it. */
const loadPretty = () => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', name: options.name ?? 'minsheng', base: undefined };
  if (options.format === 'json') return pino(base, pino.destination({ dest: 2, sync: true }));
  const stream = loadPretty()({
    destination: 2,
    sync: true,
    // Beijing time, whatever the server's zone: the console, exports and the CLI all show it, and a
    // log line compared with a case page must not be 8 hours off on a server kept in UTC.
    translateTime: false,
    customPrettifiers: { time: (time) => `[${beijingClock(Number(time))}]` },
    ignore: 'name',
    hideObject: options.level !== 'debug' && options.level !== 'trace',
    colorize: false,
    // Log lines quote what sites show (a layout alert, a page error): never escape sequences.
    messageFormat: (log, messageKey) => printableLines(withErrorCause(log, messageKey)),
  });
  return pino(base, stream);
}

/**
 * Readable lines hide the log object below debug level (it is long), but a line about an error
 * must still say what went wrong: the error's message (one line of it) and its code are added,
 * unless the message already carries them.
 */
export function withErrorCause(log: Record<string, unknown>, messageKey: string): string {
  const message = String(log[messageKey] ?? '');
  const err = log.err as { message?: unknown; code?: unknown } | undefined;
  if (!err || typeof err !== 'object') return message;
  const lines = String(err.message ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  // Prisma's messages start with "Invalid `db.x.y()` invocation in <file>" and end with the reason.
  const line = (lines[0]?.startsWith('Invalid `') ? lines.at(-1) : lines[0]) ?? '';
  const code = typeof err.code === 'string' || typeof err.code === 'number' ? String(err.code) : '';
  const detail = [line.length > 300 ? `${line.slice(0, 300)}…` : line, code && !line.includes(code) ? `（${code}）` : ''].join('');
  return detail && !message.includes(line || code) ? `${message}：${detail}` : message;
}

/** A logger that drops everything: for tests and library callers who pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
