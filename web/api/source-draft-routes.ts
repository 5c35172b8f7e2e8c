/**
 * 起草新来源 (admin only; 403 for every other role): start a draft of a source from a list page's
 * address, follow it, download its YAML. The work runs in the background of this process
 * (source-drafts.ts); these handlers parse, authorise and answer.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../core/index.js';
import type { Store } from '../../workflow/index.js';
import { recordSourceFileAppended } from '../../workflow/audit/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf, parseInput } from './request-input.js';
import type { SourceDrafts } from './source-drafts.js';

export interface SourceDraftRoutesOptions {
  drafts: SourceDrafts;
  /** Where 加入来源文件 is recorded (安全审计, 系统设置). */
  store: Store;
}

const text = (max: number) => z.string().max(max).optional();

const draftBody = z.object({
  listUrl: z.string().min(1, '请填写列表页网址').max(2000),
  detailUrls: z.array(z.string().max(2000)).max(4).optional(),
  id: text(60),
  name: text(100),
  channel: text(40),
  encoding: text(20),
});

const jobParams = z.object({ id: z.string().uuid() });

const unknownDraft = '本进程没有这份草稿：它由另一个民声主程序进程起草，或本进程已重新启动；请重新起草';

export async function sourceDraftRoutes(app: FastifyInstance, options: SourceDraftRoutesOptions): Promise<void> {
  const { drafts } = options;

  /** Starts a draft: 202 with the job at once; 400 for a bad address; 409 while another draft runs. */
  app.post('/api/console/source-drafts', async (request, reply) => {
    const actor = actorOf(request);
    requireRole(actor, ['admin']);
    const body = parseInput(draftBody, request.body);
    return reply.code(202).send(await drafts.start(body, actor.username));
  });

  /** The draft's state, progress and, once done, its YAML, notes and trial letters. */
  app.get('/api/console/source-drafts/:id', async (request) => {
    requireRole(actorOf(request), ['admin']);
    const { id } = parseInput(jobParams, request.params);
    const job = drafts.get(id);
    if (!job) throw new NotFoundError(unknownDraft);
    return job;
  });

  /**
   * 取消: stops the running draft at once (a page being read cut off, chromium closed, the trial
   * stopped) and answers with the job, `cancelled`; 409 for a draft that has ended.
   */
  app.post('/api/console/source-drafts/:id/cancel', async (request) => {
    const actor = actorOf(request);
    requireRole(actor, ['admin']);
    const { id } = parseInput(jobParams, request.params);
    return drafts.cancel(id, actor.username);
  });

  /**
   * 加入来源文件: the draft's source appended to the main job's source file (MINSHENG_SOURCES), a
   * backup kept first; 409 saying why when it is not (the demo file, an id the file has, …).
   * Read at the main job's start: it takes effect on restart, which `takesEffect` says. Recorded in
 * the event log (安全审计, 系统设置) with who, the source, the file and its backup.
   */
  app.post('/api/console/source-drafts/:id/add-to-source-file', async (request) => {
    const actor = actorOf(request);
    requireRole(actor, ['admin']);
    const { id } = parseInput(jobParams, request.params);
    const added = await drafts.addToSourceFile(id, actor.username);
    await options.store.db.$transaction((tx) => recordSourceFileAppended(tx, actor, { sourceId: added.sourceId, file: added.file, backup: added.backup, listUrl: drafts.get(id)?.listUrl ?? '' }));
    return { ...added, takesEffect: '民声主程序只在启动时读取来源文件：重启民声主程序（生产环境中还有 scheduler 和 worker 进程）后生效，开始采集该来源' };
  });

  /** The draft's source file, to download (`<source id>.yaml`). */
  app.get('/api/console/source-drafts/:id/file', async (request, reply) => {
    requireRole(actorOf(request), ['admin']);
    const { id } = parseInput(jobParams, request.params);
    const job = drafts.get(id);
    if (!job) throw new NotFoundError(unknownDraft);
    const result = job.result;
    if (!result) throw new NotFoundError(job.state === 'failed' ? '这份草稿起草失败，没有来源文件' : '草稿尚未完成，请稍候');
    return reply
      .type('application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${result.sourceId}.yaml"`)
      .send(result.yaml);
  });
}
