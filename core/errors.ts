/**
 * One application error with a code, and one table from code to HTTP status (house style 3, 4).
 * Errors are named for what the caller should do; `cause` is always kept.
 * Messages are staff-facing, so they are in Simplified Chinese.
 */
export const errorCodes = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  IMMUTABLE: 409,
  /** 手工录入: a letter identical to one already entered by hand; staff may say it is another citizen's. */
  SAME_ENTRY: 409,
  RATE_LIMITED: 429,
  CONFIG: 500,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
  get httpStatus(): number {
    return errorCodes[this.code];
  }
}

/** The configuration is wrong: fix it and start again. */
export class ConfigError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CONFIG', message, options);
    this.name = 'ConfigError';
  }
}

/** Input (a file, a request, a job payload) is malformed: retrying the same input cannot help. */
export class BadInputError extends AppError {
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('BAD_INPUT', message, options);
    this.name = 'BadInputError';
  }
}

/** A step that is not allowed from the case's current state. */
export class InvalidTransitionError extends AppError {
  constructor(message: string, options: { details?: Record<string, unknown> } = {}) {
    super('INVALID_TRANSITION', message, options);
    this.name = 'InvalidTransitionError';
  }
}

/** The actor's role may not do this. */
export class ForbiddenError extends AppError {
  constructor(message = '无权执行此操作', options: { details?: Record<string, unknown> } = {}) {
    super('FORBIDDEN', message, options);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message);
    this.name = 'NotFoundError';
  }
}

/** A dependency (database, Redis, a site) is unavailable for now: retry later. */
export class UnavailableError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('UNAVAILABLE', message, options);
    this.name = 'UnavailableError';
  }
}

/** True when retrying the same work later may succeed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'UNAVAILABLE' || error.code === 'RATE_LIMITED';
  return true;
}

/**
 * Signs that the database server could not be reached, rather than that a query was wrong:
 * Prisma's connection codes, the PostgreSQL driver adapter's error kinds, node-postgres's own
 * messages, PostgreSQL's SQLSTATE class 08 and shutdown codes, and socket error codes. A socket
 * code counts as the database, so call this only where the store is the one service whose socket
 * errors reach you (an API request, a job's failure: Redis's errors are handled by the queue and
 * the rate limit, a site's by the crawler), never on a crawler's errors.
 */
const unreachableCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', '57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);
const unreachableKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const unreachableMessages = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection/i;

type ErrorShape = { code?: unknown; message?: unknown; address?: unknown; port?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; host?: unknown; port?: unknown } } } };

/**
 * When `error` (or one of its causes) says the database could not be reached: an UnavailableError
 * 无法连接数据库（host:port）that keeps the original as its cause, so staff read one short
 * line instead of Prisma's multi-line dump. Otherwise undefined.
 */
export function asDatabaseUnavailable(error: unknown): UnavailableError | undefined {
  if (error instanceof UnavailableError) return undefined;
  for (let e = error as ErrorShape | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause as ErrorShape | undefined, depth++) {
    const adapter = e.meta?.driverAdapterError?.cause;
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    if (!(unreachableCodes.has(code) || code.startsWith('08') || unreachableKinds.has(String(adapter?.kind)) || unreachableMessages.test(message))) continue;
    const host = adapter?.host ?? e.address;
    const port = adapter?.port ?? e.port;
    const address = typeof host === 'string' ? `${host}${port ? `:${String(port)}` : ''}` : /(?:server at|connect \w+) `?([\w.-]+:\d+)/.exec(message)?.[1];
    return new UnavailableError(`无法连接数据库${address ? `（${address}）` : ''}`, { cause: error });
  }
  return undefined;
}

/** Staff-facing text of any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
