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

/** Staff-facing text of any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
