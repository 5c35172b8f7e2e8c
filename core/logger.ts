/** The project's logger: pino, one root per process, children per component. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({ level: options.level ?? 'info', name: options.name ?? 'minsheng', base: undefined });
}

/** A logger that drops everything: for tests and library callers who pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
