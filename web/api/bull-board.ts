/**
 * bull-board for the BullMQ queues, as a Fastify plugin to register at the dashboard's path.
 * Imported by queue-dashboard.ts only for a BullMQ queue, so the embedded default (in-process queue)
 * never loads bull-board (.dependency-cruiser.cjs, production-libraries-load-on-use).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { BullmqQueue } from '../../pipeline/index.js';

/** The dashboard's plugin for `queue`'s BullMQ queues, mounted at `basePath`. */
export function bullBoard(queue: BullmqQueue, readOnly: boolean, basePath: string) {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    queues: queue.bullQueues().map((q) => new BullMQAdapter(q, { readOnlyMode: readOnly })),
    // @bull-board/fastify pins its own copy of @bull-board/api (a patch version apart): same shape.
    serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    // In Chinese, like the rest of the console (bull-board ships a zh-CN translation).
    options: { uiConfig: { boardTitle: '民声任务队列', locale: { lng: 'zh-CN' } } },
  });
  return adapter.registerPlugin();
}
