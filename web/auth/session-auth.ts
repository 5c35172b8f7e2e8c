/**
 * Sign-in for the console: server-side sessions (workflow/console-queries/sessions.ts) behind an
 * httpOnly, SameSite=Strict cookie; CSRF protection by double submit (every state-changing request
 * must carry the session's token in `x-csrf-token`, equal to the readable `ms_csrf` cookie and to
 * the token stored with the session; on `sameOriginPaths`, the queue dashboard whose page cannot send
 * it, a request the browser shows as sent by a page of this origin instead); login rate limits per address (in Redis when the installation
 * has one, so shared by every console process; otherwise in this process, the embedded mode's only
 * one) and per account (in the store: workflow/users/login-failures.ts, shared by every console
 * process); passwords checked by workflow/users (scrypt). The hook sets `request.actor` for every /api request it can
 * authenticate and answers 401 for protected paths it cannot.
 *
 * Every sign-in, refused sign-in (with the lockout it causes) and sign-out is recorded in the store
 * with the client's address and browser (workflow/audit: the admin's 安全审计 page). The address is
 * Fastify's `request.ip`: the connection's peer, or with MINSHENG_TRUST_PROXY the client the trusted
 * proxy names in X-Forwarded-For, so a browser cannot write its own address into the log. Attempts
 * beyond the per-address rate limit are answered before the handler; the first of each window per
 * address is recorded (`rate_limited`), the rest are not, so a flood adds one row a window.
 *
 * A request with the main job's local token (`x-minsheng-local-token`, shared with CLI commands
 * on this machine through the run file) acts as the local administrator; browsers never send that
 * header on their own, so it needs no CSRF token.
 *
 * With a metrics token (MINSHENG_METRICS_TOKEN), GET /api/metrics also answers a monitor that sends
 * `Authorization: Bearer <token>` and no session: such a request is no actor (it can reach no other
 * route) and a wrong token is refused even beside a session, so a misconfigured scraper shows up.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/index.js';
import type { RedisConnection } from '../../pipeline/index.js';
import type { Store } from '../../workflow/index.js';
import { endConsoleSession, purgeOldSignInLog, recordFailedSignIn, recordRateLimitedSignIn, startConsoleSession, type SignInClient } from '../../workflow/audit/index.js';
import { describeUser, findSession, purgeExpiredSessions, sessionIdleMs } from '../../workflow/console-queries/index.js';
import { accountLockRemainingMs, checkSignIn, defaultLockoutPolicy, purgeStaleLoginFailures, requireRole, roleNames, type Actor, type LockoutPolicy } from '../../workflow/users/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member (or the local administrator); unset when not authenticated. */
    actor?: Actor;
    /** The console session behind the request, when it came with one. */
    consoleSession?: { token: string; csrfToken: string };
    /** The request carried the right metrics token (GET /api/metrics only). */
    metricsScraper?: boolean;
  }
}

export const sessionCookie = 'ms_session';
export const csrfCookie = 'ms_csrf';
export const csrfHeader = 'x-csrf-token';
export const localTokenHeader = 'x-minsheng-local-token';
/** The one route a metrics token opens. */
export const metricsPath = '/api/metrics';

/** The actor of requests carrying the local CLI token. */
export const localAdmin: Actor = { userId: 'local-cli', username: 'local-cli', role: 'admin' };

export interface AuthOptions {
  store: Store;
  localToken?: string | undefined;
  /**
   * Login attempts per address per window. It slows guessing across accounts (one account's guesses
   * are stopped by `accountLockout`); a whole office signs in from one NAT address, so it is set
   * where a morning's sign-ins and typos stay far below it. @default 30 per minute
   */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /**
   * Keep the per-address count in Redis (production: REDIS_URL), under `<prefix>:login-rate:`, so
   * every console process counts the same attempts. While Redis is unreachable the per-address
   * limit is skipped rather than refusing every sign-in; the per-account lockout still holds.
   * @default unset: counted in this process
   */
  loginRateLimitRedis?: { connection: RedisConnection; prefix: string };
  /** Failed logins of one account before it is refused for `lockMs` (counted in the store, shared by every console process). @default 5 in 15 minutes */
  accountLockout?: LockoutPolicy;
  /** Send cookies with `Secure` (behind HTTPS). @default false: the console listens on plain HTTP on the intranet */
  secureCookies?: boolean;
  /**
   * Bearer token that lets a monitor read GET /api/metrics without a session (MINSHENG_METRICS_TOKEN).
   * @default unset: /api/metrics needs an admin's session
   */
  metricsToken?: string | undefined;
  /**
   * Path prefixes outside /api whose state-changing requests need no CSRF token when the browser
   * shows they come from a page of this very origin (fromThisOrigin): the queue dashboard, whose own
   * page (bull-board) cannot send our token. The route's own role check still applies.
   * @default none
   */
  sameOriginPaths?: string[];
}

/** Paths under /api/ that need no sign-in. */
const publicPaths = new Set(['/api/health', '/api/session', '/api/session/login']);
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether two secrets are equal, in time that tells nothing about either: their SHA-256 digests are
 * compared, so neither the first differing byte nor the expected length leaks.
 */
function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The token of an `Authorization: Bearer <token>` header; undefined for none or another scheme. */
function bearerToken(header: unknown): string | undefined {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Whether the browser says the request was sent by a page of this server's own origin. Browsers set
 * `Sec-Fetch-Site` themselves (no page script can), so when present only `same-origin` counts:
 * `same-site` is a sibling host, which the SameSite=Strict cookie does not keep out. Browsers
 * without it still send `Origin` on every PUT, POST, PATCH and DELETE: it must name this server
 * (its scheme and host as the client asked for them, through MINSHENG_TRUST_PROXY's proxy). A
 * request showing neither is not taken for one of ours.
 */
export function fromThisOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  return typeof origin === 'string' && request.host !== '' && origin === `${request.protocol}://${request.host}`;
}

/** Where a request came from, for the sign-in log. */
export const clientOf = (request: FastifyRequest): SignInClient => {
  const agent = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof agent === 'string' ? agent : undefined };
};

const loginBody = z.object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) });

/** A preHandler for admin-only pages outside /api (the queue dashboard): 401 or 403 otherwise. */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  requireRole(request.actor, ['admin']);
}

/** The metrics route's preHandler: a monitor with the metrics token, or an admin. */
export async function requireMetricsReader(request: FastifyRequest): Promise<void> {
  if (request.metricsScraper) return;
  await requireAdmin(request);
}

/**
 * Records an address's refusal by the per-address limit once per window (recordRateLimitedSignIn):
 * the first refusal of an address is written and the address is then quiet until its window has
 * passed. Kept per process (each console process behind a shared Redis limit writes at most its own
 * one row a window); the map forgets addresses whose window is over once it holds 10,000. The write
 * does not hold up the 429, and a store that cannot take it is logged, not thrown.
 */
function rateLimitRecorder(db: Store['db'], limit: { max: number; timeWindowMs: number }): (request: FastifyRequest) => void {
  const quietUntil = new Map<string, number>();
  return (request) => {
    const now = Date.now();
    const client = clientOf(request);
    const key = client.address ?? '';
    if ((quietUntil.get(key) ?? 0) > now) return;
    if (quietUntil.size >= 10_000) for (const [address, until] of quietUntil) if (until <= now) quietUntil.delete(address);
    quietUntil.set(key, now + limit.timeWindowMs);
    recordRateLimitedSignIn(db, { client, limit: limit.max, now: new Date(now) }).catch((error: unknown) => request.log.error({ err: error }, '登录限流记录写入失败'));
  };
}

/** Installs cookies, the auth hook and the session routes on the root instance. */
export async function installAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const db = options.store.db;
  const limit = options.loginRateLimit ?? { max: 30, timeWindowMs: 60_000 };
  const lockout = options.accountLockout ?? defaultLockoutPolicy;
  const cookieBase = { path: '/', sameSite: 'strict' as const, secure: options.secureCookies ?? false };
  const noteRateLimited = rateLimitRecorder(db, limit);

  await app.register(fastifyCookie);
  const shared = options.loginRateLimitRedis;
  await app.register(fastifyRateLimit, {
    global: false,
    ...(shared ? { redis: shared.connection, nameSpace: `${shared.prefix}:login-rate:`, skipOnError: true } : {}),
  });

  const sameOriginPaths = options.sameOriginPaths ?? [];
  const authenticate = async (request: FastifyRequest, path: string): Promise<void> => {
    if (options.metricsToken && path === metricsPath) {
      const sent = bearerToken(request.headers.authorization);
      if (sent !== undefined) {
        if (!sameSecret(sent, options.metricsToken)) throw new AppError('UNAUTHENTICATED', '监控令牌（MINSHENG_METRICS_TOKEN）不正确');
        request.metricsScraper = true;
        return;
      }
    }
    const local = request.headers[localTokenHeader];
    if (options.localToken && sameSecret(typeof local === 'string' ? local : undefined, options.localToken)) {
      request.actor = localAdmin;
      return;
    }
    const token = request.cookies[sessionCookie];
    if (token) {
      const session = await findSession(db, token);
      if (session) {
        request.actor = session.actor;
        request.consoleSession = { token, csrfToken: session.csrfToken };
      }
    }
    if (!safeMethods.has(request.method) && path !== '/api/session/login') {
      const header = request.headers[csrfHeader];
      const sent = typeof header === 'string' ? header : undefined;
      const tokenSent = (session: { csrfToken: string }) => sameSecret(sent, session.csrfToken) && sameSecret(sent, request.cookies[csrfCookie]);
      const ownPage = sameOriginPaths.some((prefix) => path.startsWith(prefix)) && fromThisOrigin(request);
      if (request.consoleSession && !tokenSent(request.consoleSession) && !ownPage) {
        throw new AppError('FORBIDDEN', '页面已过期或请求来源不可信（CSRF 校验失败），请刷新页面后重试');
      }
    }
    if (!request.actor && path.startsWith('/api/') && !publicPaths.has(path)) throw new AppError('UNAUTHENTICATED', '请先登录');
  };

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // The matched route's pattern, not the raw URL: unmatched URLs (404) need no session, and no
    // spelling of a URL can reach an /api route without passing through here.
    const path = request.routeOptions.url ?? '';
    if (!path.startsWith('/api/') && !path.startsWith('/admin/')) return;
    try {
      await authenticate(request, path);
    } catch (error) {
      // Outside /api a plugin may have an error handler of its own (bull-board answers anything
      // thrown with a 500): a refusal there is answered here, with its own status.
      if (!(error instanceof AppError) || path.startsWith('/api/')) throw error;
      return reply.code(error.httpStatus).send({ error: { code: error.code, message: error.message } });
    }
  });

  const me = async (actor: Actor) => {
    const user = actor === localAdmin ? null : await describeUser(db, actor.userId);
    return { username: actor.username, role: actor.role, roleName: roleNames[actor.role], unitId: actor.unitId ?? null, displayName: user?.displayName ?? actor.username, unit: user?.unit ?? null };
  };

  app.get('/api/session', async (request) => {
    if (!request.actor) return { user: null };
    return { user: await me(request.actor), csrfToken: request.consoleSession?.csrfToken ?? null };
  });

  app.post(
    '/api/session/login',
    {
      config: {
        rateLimit: {
          max: limit.max,
          timeWindow: limit.timeWindowMs,
          errorResponseBuilder: (_req, ctx) => new AppError('RATE_LIMITED', `登录尝试过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试`),
          onExceeded: (request) => noteRateLimited(request),
        },
      },
    },
    async (request, reply: FastifyReply) => {
      const parsed = loginBody.safeParse(request.body ?? {});
      if (!parsed.success) throw new AppError('BAD_INPUT', '请输入用户名和密码');
      const { username, password } = parsed.data;
      const client = clientOf(request);
      const lockedMs = await accountLockRemainingMs(db, username, lockout);
      if (lockedMs > 0) {
        await recordFailedSignIn(db, { name: username, refused: 'locked', client, policy: lockout });
        throw new AppError('RATE_LIMITED', `该账号登录失败次数过多，请 ${Math.ceil(lockedMs / 60_000)} 分钟后再试，或请管理员重设密码`);
      }
      const check = await checkSignIn(db, username, password);
      // A disabled account with the right password is told so (its owner needs the administrator,
      // not another try) and is not counted as a failure.
      if ('refused' in check && check.refused === 'disabled') {
        await recordFailedSignIn(db, { name: username, refused: 'disabled', client, policy: lockout });
        throw new AppError('FORBIDDEN', '该账号已停用，请联系系统管理员');
      }
      if (!('actor' in check)) {
        await recordFailedSignIn(db, { name: username, refused: 'wrong_credentials', client, policy: lockout });
        throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
      }
      const actor = check.actor;
      // A new session on every sign-in (no fixation); expired sessions, and sign-in records past
      // their retention, are swept at the same time.
      const session = await startConsoleSession(db, { actor, client, replacing: request.consoleSession?.token });
      await purgeExpiredSessions(db);
      await purgeOldSignInLog(db);
      await purgeStaleLoginFailures(db, lockout);
      const maxAge = Math.floor(sessionIdleMs / 1000);
      reply.setCookie(sessionCookie, session.token, { ...cookieBase, httpOnly: true, maxAge });
      reply.setCookie(csrfCookie, session.csrfToken, { ...cookieBase, httpOnly: false, maxAge });
      request.log.info({ username: actor.username, role: actor.role }, '控制台登录');
      return { user: await me(actor), csrfToken: session.csrfToken };
    },
  );

  app.post('/api/session/logout', async (request, reply: FastifyReply) => {
    if (request.consoleSession && request.actor) await endConsoleSession(db, { token: request.consoleSession.token, actor: request.actor, client: clientOf(request) });
    reply.clearCookie(sessionCookie, cookieBase);
    reply.clearCookie(csrfCookie, cookieBase);
    return { ok: true };
  });
}
