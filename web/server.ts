/**
 * The HTTP server: REST API and the staff console (static files). Handlers are thin: parse,
 * authorise, call workflow, answer (house style 10). Every /api path but health and sign-in needs
 * a session (web/auth/session-auth.ts); every answer carries the security headers (CSP).
 */
import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { asDatabaseUnavailable, describeError, type Logger } from '../core/index.js';
import type { JobQueue, RecheckScopeRuns } from '../pipeline/index.js';
import type { Store } from '../workflow/index.js';
import { backupRoutes, type BackupRoutesOptions } from './api/backup-routes.js';
import { cliRoutes } from './api/cli-routes.js';
import { consoleRoutes } from './api/console-routes.js';
import { entryRoutes } from './api/entry-routes.js';
import { exportRoutes, type ExportRoutesOptions } from './api/export-routes.js';
import { queueDashboard, queueDashboardPath, queueMetrics } from './api/queue-dashboard.js';
import { queueDataLossRoutes } from './api/queue-data-loss-routes.js';
import { refuseNulInput } from './api/request-input.js';
import { securityLogRoutes } from './api/security-log-routes.js';
import { sourceDraftRoutes } from './api/source-draft-routes.js';
import { SourceDrafts } from './api/source-drafts.js';
import { workflowRoutes } from './api/workflow-routes.js';
import { installAuth, requireAdmin, requireMetricsReader, type AuthOptions } from './auth/session-auth.js';
import { installSecurityHeaders } from './auth/security-headers.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { withinTime } from './time-limit.js';

export interface WebServerOptions {
  store: Store;
  logger: Logger;
  /** Queue metrics and health, when this process runs the pipeline. */
  status?: () => Promise<Record<string, unknown>>;
  /**
   * Services beside the store that /api/health checks, by name (e.g. `redis`): each resolves
   * when the service answers. @default none
   */
  services?: Record<string, () => Promise<unknown>>;
  /** How long /api/health waits for each check before counting the service as down. @default 3000 */
  healthTimeoutMs?: number;
  /**
   * A secret shared with CLI commands on this machine through the run file (cli/app/run-file.ts):
   * a request carrying it in `x-minsheng-local-token` acts as the local administrator.
   */
  localToken?: string;
  /** Login rate limit per address. @default 30 per minute */
  loginRateLimit?: AuthOptions['loginRateLimit'];
  /** Keep the login rate limit per address in Redis, shared by every console process (production). @default unset: in this process */
  loginRateLimitRedis?: AuthOptions['loginRateLimitRedis'];
  /** Lock an account after this many failed logins. @default 5 in 15 minutes */
  accountLockout?: AuthOptions['accountLockout'];
  /** Mark cookies `Secure` (when served over HTTPS). @default false */
  secureCookies?: boolean;
  /** Fastify's trustProxy: take the client address from X-Forwarded-For (behind a reverse proxy). @default false */
  trustProxy?: boolean | number | string | undefined;
  /** The pipeline's queue: mounts the queue dashboard (/admin/queues) and GET /api/metrics, both for admins only (and the metrics for `metricsToken`). */
  queue?: JobQueue;
  /** Lets a monitor read GET /api/metrics with `Authorization: Bearer <token>` (MINSHENG_METRICS_TOKEN). @default unset: admins only */
  metricsToken?: string | undefined;
  /** Reporters (distinct writers) that make a case 群众反映较多 (passed to the workflow routes). */
  reporterThreshold?: number;
  /** Console exports: the folder of their files (shared by every console process), how long files are kept, the per-person limit. */
  exports?: Omit<ExportRoutesOptions, 'store' | 'logger'>;
  /** Folder where generated bulletins are kept (POST /api/workflow/bulletins); unset turns that route off. */
  bulletinDir?: string;
  /**
   * Ids of the sources in the source file this process read: a source the store knows but the file
   * no longer has is shown as removed on the 采集来源 page. @default unset: every source by its health
   */
  sourceIds?: string[];
  /** Those of sourceIds with `enabled: false`: shown as 已停用 on the 采集来源 page. */
  disabledSourceIds?: string[];
  /** The embedded store's backup folder and how many the daily backup keeps (数据备份 page); unset on PostgreSQL. */
  backups?: BackupRoutesOptions['backups'];
  /** 重新判断 on the 非本区留言 page, in the background: the runs of the main job, with its source file's scopes. @default unset: starting one answers 503 */
  recheckRuns?: RecheckScopeRuns | undefined;
  /** 起草新来源 (admin), in the background of this process. @default drafts with the crawler's chromium and User-Agent, logged nowhere */
  sourceDrafts?: SourceDrafts | undefined;
}

/** Fastify's trustProxy from the setting: a hop count becomes "trust the first n hops" (proxy-addr's rule). */
function trustProxyOption(setting: WebServerOptions['trustProxy']): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting ?? false;
}

/** Whether a request carries this process's local CLI token (compared in constant time). */
export function hasLocalToken(header: unknown, token: string | undefined): boolean {
  if (!token || typeof header !== 'string' || header.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(header), Buffer.from(token));
}

export const consoleDir = fileURLToPath(new URL('./console/', import.meta.url));

export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  // Fastify's own request and listening lines are at info: the web logger keeps warnings and errors only.
  const webLogger = options.logger.child({ component: 'web' }, { level: options.logger.levelVal > 40 ? options.logger.level : 'warn' });
  const app = Fastify({ loggerInstance: webLogger as FastifyBaseLogger, bodyLimit: 1_048_576, trustProxy: trustProxyOption(options.trustProxy) });
  app.setErrorHandler(errorHandler(options.logger));
  app.setNotFoundHandler(notFoundHandler);
  installSecurityHeaders(app);
  await installAuth(app, {
    store: options.store,
    localToken: options.localToken,
    loginRateLimit: options.loginRateLimit,
    loginRateLimitRedis: options.loginRateLimitRedis,
    accountLockout: options.accountLockout,
    secureCookies: options.secureCookies,
    metricsToken: options.metricsToken,
    // bull-board's page cannot send the CSRF token: its requests count when the browser shows they
    // come from this origin (the dashboard's admin check still applies).
    ...(options.queue?.kind === 'bullmq' ? { sameOriginPaths: [`${queueDashboardPath}/`] } : {}),
  });
  app.addHook('preValidation', refuseNulInput);
  await app.register(fastifyStatic, { root: consoleDir, prefix: '/', index: ['index.html'] });
  await app.register(cliRoutes, { store: options.store });
  await app.register(backupRoutes, { store: options.store, logger: options.logger, ...(options.backups ? { backups: options.backups } : {}) });
  // The console links admins to the dashboard only where it shows something (BullMQ).
  const queueDashboardUrl = options.queue?.kind === 'bullmq' ? queueDashboardPath : undefined;
  await app.register(consoleRoutes, { store: options.store, sourceIds: options.sourceIds, disabledSourceIds: options.disabledSourceIds, reporterThreshold: options.reporterThreshold, queue: options.queue, queueDashboard: queueDashboardUrl, recheckRuns: options.recheckRuns });
  await app.register(entryRoutes, { store: options.store, queue: options.queue });
  await app.register(securityLogRoutes, { store: options.store });
  await app.register(queueDataLossRoutes, { store: options.store, queue: options.queue });
  const drafts = options.sourceDrafts ?? new SourceDrafts();
  await app.register(sourceDraftRoutes, { drafts, store: options.store });
  // A draft under way ends with the server (its chromium and trial crawl stopped).
  app.addHook('onClose', () => drafts.stop());
  await app.register(exportRoutes, { ...options.exports, store: options.store, logger: options.logger });
  await app.register(workflowRoutes, { store: options.store, logger: options.logger, ...(options.reporterThreshold ? { reporterThreshold: options.reporterThreshold } : {}), ...(options.bulletinDir ? { bulletinDir: options.bulletinDir } : {}), accountLockout: options.accountLockout });
  if (options.queue) {
    await app.register(queueDashboard, { queue: options.queue, preHandler: requireAdmin });
    await app.register(queueMetrics, { queue: options.queue, preHandler: requireMetricsReader });
  }
  app.get('/api/health', async (_request, reply) => {
    const health = await checkHealth(options);
    return reply.status(health.ok ? 200 : 503).send(health);
  });
  return app;
}

/**
 * GET /api/health: every service checked at once, each within the time limit, so a monitor gets
 * an answer in a few seconds during any outage: `ok: false`, `down` naming the services that did
 * not answer (`store`, `redis`) with the reason in `errors`, and status 503.
 */
async function checkHealth(options: WebServerOptions): Promise<Record<string, unknown>> {
  const limit = options.healthTimeoutMs ?? 3_000;
  const checks: Record<string, () => Promise<unknown>> = { store: () => options.store.sql.query('SELECT 1'), ...options.services };
  // The per-stage figures come from Redis too: left out, not waited for, when they are slow.
  const status = options.status ? withinTime(options.status(), limit, 'status').catch(() => ({})) : Promise.resolve({});
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withinTime(check(), limit, name);
        return [name, undefined] as const;
      } catch (error) {
        return [name, (name === 'store' ? asDatabaseUnavailable(error)?.message : undefined) ?? describeError(error)] as const;
      }
    }),
  );
  const errors = Object.fromEntries(results.filter(([, reason]) => reason !== undefined));
  const down = Object.keys(errors);
  return { ok: down.length === 0, store: options.store.kind, ...(await status), ...(down.length > 0 ? { down, errors } : {}) };
}
