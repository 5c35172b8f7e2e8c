/**
 * The queue dashboard (bull-board) and the pipeline metrics, as Fastify plugins. The web layer
 * supplies `preHandler`, the hook that requires the admin role: every dashboard route and asset
 * runs behind it. bull-board's page sends no CSRF token: the web layer takes the dashboard's state
 * changes from a page of the console's own origin instead (web/auth/session-auth.ts fromThisOrigin).
 * On the in-process queue there is no dashboard (nothing lives outside the process); the metrics
 * work on both queues. bull-board itself (bull-board.ts) is imported only for a BullMQ queue: the
 * embedded default never loads it.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { AppError } from '../../core/index.js';
import { collectMetrics, formatPrometheus, type BullmqQueue, type JobQueue } from '../../pipeline/index.js';
import { withinTime } from '../time-limit.js';

/**
 * Runs the web layer's hook and answers its refusal itself: bull-board installs its own error
 * handler, which would turn a thrown ForbiddenError into a 500.
 */
function guarded(hook: preHandlerHookHandler): preHandlerHookHandler {
  return async function (this: unknown, request: FastifyRequest, reply: FastifyReply) {
    try {
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => (error ? reject(error) : resolve());
        const result = (hook as (this: unknown, req: FastifyRequest, rep: FastifyReply, done: (e?: Error) => void) => unknown).call(this, request, reply, done);
        if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(() => resolve(), reject);
        else if (hook.length < 3) resolve();
      });
      if (reply.sent) return reply; // the hook answered itself
    } catch (error) {
      const status = error instanceof AppError ? error.httpStatus : ((error as { statusCode?: number }).statusCode ?? 500);
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      return reply.code(status).send({ error: { code, message: error instanceof Error ? error.message : String(error) } });
    }
  } as preHandlerHookHandler;
}

/** Where the dashboard is mounted unless told otherwise (the console links to it). */
export const queueDashboardPath = '/admin/queues';

export interface QueueDashboardOptions {
  queue: JobQueue;
  /** Runs before every dashboard request; the web layer's admin-role check. Required. */
  preHandler: preHandlerHookHandler | preHandlerHookHandler[];
  /** Where the dashboard is mounted. @default /admin/queues */
  basePath?: string;
  /** Dashboard without the retry/clean/remove buttons. @default false */
  readOnly?: boolean;
}

/** Mounts bull-board for the BullMQ queues at `basePath`, behind `preHandler`. */
export const queueDashboard: FastifyPluginAsync<QueueDashboardOptions> = async (app, options) => {
  if (!options.preHandler) throw new Error('队列面板必须配置管理员权限检查（preHandler）');
  const basePath = (options.basePath ?? queueDashboardPath).replace(/\/+$/, '');
  const hooks = Array.isArray(options.preHandler) ? options.preHandler : [options.preHandler];
  await app.register(async (scope) => {
    for (const hook of hooks) scope.addHook('preHandler', guarded(hook));
    if (options.queue.kind !== 'bullmq') {
      const answer = { error: { code: 'NOT_FOUND', message: '内置队列没有队列面板：设置 REDIS_URL 使用 BullMQ 后可用' } };
      scope.get(basePath, async (_req, reply) => reply.code(404).send(answer));
      scope.get(`${basePath}/*`, async (_req, reply) => reply.code(404).send(answer));
      return;
    }
    const { bullBoard } = await import('./bull-board.js');
    await scope.register(bullBoard(options.queue as BullmqQueue, options.readOnly ?? false, basePath), { prefix: basePath });
  });
};

export interface QueueMetricsOptions {
  queue: Pick<JobQueue, 'kind' | 'metrics'>;
  /** Runs before the metrics route (e.g. an admin or monitoring check); none by default. */
  preHandler?: preHandlerHookHandler | preHandlerHookHandler[] | undefined;
  /** @default /api/metrics */
  path?: string;
  /** How long to wait for the figures before answering 503. @default 5000 */
  timeoutMs?: number;
}

/**
 * GET /api/metrics: jobs per stage, latencies and failures as JSON; in the Prometheus text format
 * with `?format=prometheus` or `Accept: text/plain`.
 */
export const queueMetrics: FastifyPluginAsync<QueueMetricsOptions> = async (app, options) => {
  app.get(options.path ?? '/api/metrics', { ...(options.preHandler ? { preHandler: options.preHandler } : {}) }, async (request, reply) => {
    // Read from Redis: during an outage the answer is a 503 after a few seconds, not a hang.
    const metrics = await withinTime(collectMetrics(options.queue), options.timeoutMs ?? 5_000, '队列状态（Redis）');
    const query = request.query as { format?: string };
    if (query.format === 'prometheus' || (query.format === undefined && /text\/plain/.test(request.headers.accept ?? ''))) {
      return reply.type('text/plain; version=0.0.4').send(formatPrometheus(metrics));
    }
    return metrics;
  });
};
