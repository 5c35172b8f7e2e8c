/** Turns any error into an HTTP answer: AppError codes map to statuses in one table (core/errors.ts). */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError, asDatabaseUnavailable, type Logger } from '../core/index.js';

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
      return reply.status(status).send({ error: { code: status === 429 ? 'RATE_LIMITED' : 'BAD_INPUT', message: error.message } });
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
