/** Turns any error into an HTTP answer: AppError codes map to statuses in one table (core/errors.ts). */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError, asDatabaseUnavailable, type Logger } from '../core/index.js';

/** Fastify's own refusals of a request (before any route runs), in staff's words. */
const fastifyMessages: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: '请求内容不是有效的 JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求内容为空（声明为 JSON 时不能为空）',
  FST_ERR_CTP_BODY_TOO_LARGE: '请求内容过大，超过服务器允许的上限',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持的请求内容类型（Content-Type）',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求内容长度与 Content-Length 不符',
  FST_ERR_VALIDATION: '请求参数无效',
};

/**
 * The message of a 4xx error that is not ours: a Fastify code we know in Chinese; a message already
 * in Chinese (a plugin's, built by us) as it is; anything else named by its status, since staff and
 * the console show this text as it comes.
 */
function clientErrorMessage(error: FastifyError, status: number): string {
  if (error.code && fastifyMessages[error.code]) return fastifyMessages[error.code]!;
  // A body that does not parse as JSON reaches here as the parser's SyntaxError with status 400.
  if (error instanceof SyntaxError) return fastifyMessages.FST_ERR_CTP_INVALID_JSON_BODY!;
  if (/[\u4e00-\u9fff]/.test(error.message)) return error.message;
  return status === 429 ? '请求过于频繁，请稍后再试' : `请求无效（HTTP ${status}）`;
}

/** Unknown addresses: a 404 in Chinese naming the method and path (JSON, like every other answer). */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `找不到该地址：${request.method} ${request.url.split('?')[0]}` } });
}

export function errorHandler(logger: Logger) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return reply.status(error.httpStatus).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (error instanceof ZodError) {
      return reply.status(400).send({ error: { code: 'BAD_INPUT', message: '请求参数无效', details: { issues: error.issues } } });
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: status === 429 ? 'RATE_LIMITED' : 'BAD_INPUT', message: clientErrorMessage(error as FastifyError, status) } });
    }
    // A database outage is no bug of ours: staff are told to try again (503), the log says where.
    const unavailable = asDatabaseUnavailable(error);
    if (unavailable) {
      logger.warn({ err: error, url: request.url }, `请求处理出错：${unavailable.message}`);
      return reply.status(503).send({ error: { code: 'UNAVAILABLE', message: '数据库暂时无法连接，请稍后再试' } });
    }
    logger.error({ err: error, url: request.url }, '请求处理出错');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误' } });
  };
}
