/**
 * Configuration, read once at start-up from the environment and passed down.
 * Nothing else in the project reads `process.env` (house style, practice 2).
 * Each field names the variable it comes from.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
/**
 * A connection URL of one of `schemes`: checked here, because a wrong one otherwise surfaces
 * later as a misleading network error (a mysql:// URL as "getaddrinfo ENOTFOUND", an http:// one
 * as a Redis connection that hangs).
 */
const urlOf = (schemes: string[], message: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((v) => schemes.some((scheme) => v.toLowerCase().startsWith(`${scheme}://`)) && URL.canParse(v), message)
      .optional(),
  );

/**
 * Length of an account's password, in characters: the rule of every account password (the
 * console's 账号 page, a change of one's own) and of MINSHENG_ADMIN_PASSWORD, which is checked at
 * start-up so a short one stops a process before it migrates or seeds anything, naming the variable.
 */
/**
 * The database number of a Redis URL's path: none, or a whole number. ioredis reads any other path
 * as SELECT NaN and the process died with Redis's ReplyError and a stack trace
 * (`redis://host:6379/abc`, or a key prefix written where the number goes).
 */
const redisDatabasePath = (v: string) => /^\/?\d*$/.test(URL.canParse(v) ? new URL(v).pathname : '');

export const accountPasswordLength = { min: 8, max: 200 } as const;

export const configSchema = z.object({
  /** DATABASE_URL: PostgreSQL connection string (postgresql:// or postgres://). Unset means the embedded PGlite store. */
  databaseUrl: urlOf(['postgresql', 'postgres'], '应为 postgresql://用户@主机:端口/数据库'),
  /** MINSHENG_DATA_DIR: folder for the embedded store and crawl state. @default ./data */
  dataDir: z.string().default('./data'),
  /**
   * MINSHENG_EXPORT_DIR: where a console process writes the file of an export while it runs; the
   * finished file is kept in the store, so the folder is local to each machine. @default <data dir>/exports
   */
  exportDir: optionalString,
  /** MINSHENG_BACKUP_DIR: where the main job keeps the embedded store's daily backups, and `minsheng backup` writes by default. @default <data dir>/backups */
  backupDir: z.preprocess(emptyToUndefined, z.string().default('')),
  /** MINSHENG_BACKUP_KEEP: daily backups of the embedded store kept (older ones deleted); 0 turns the daily backup off. @default 14 */
  backupKeep: z.coerce.number().int().min(0).max(3650).default(14),
  /** REDIS_URL: Redis for BullMQ (and the shared login rate limit), redis:// or rediss:// (TLS). Unset means the in-process queue. */
  redisUrl: urlOf(['redis', 'rediss'], '应为 redis://主机:端口/库号（TLS 连接用 rediss://）').refine(
    (v) => v === undefined || redisDatabasePath(v),
    '库号应为整数，如 redis://主机:端口/2（各套安装用 MINSHENG_QUEUE_PREFIX 区分，不写在 URL 中）',
  ),
  /** MINSHENG_QUEUE_PREFIX: BullMQ key prefix, so several installations can share a Redis. @default minsheng */
  queuePrefix: z.string().default('minsheng'),
  /** HOST: address the console/API listens on. @default 127.0.0.1 */
  host: z.string().default('127.0.0.1'),
  /** PORT: port of the console/API. @default 3000 */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** MINSHENG_SOURCES: the source file (YAML or JSON). Unset means the built-in demo mailbox. */
  sourcesFile: optionalString,
  /** MINSHENG_DEMO_PORT: port of the built-in demo mailbox started by `npm start`. @default 3100 */
  demoPort: z.coerce.number().int().min(0).max(65535).default(3100),
  /** MINSHENG_MODEL: classifier model file. Unset means the committed default model. */
  modelFile: optionalString,
  /**
   * MINSHENG_UNITS: the district's unit directory (JSON, or YAML for a name not ending in .json:
   * units with name, keywords, aliases, kind),
   * read by the classifier's unit suggestion and loaded into the store's units on start. Unset
   * means the committed directory of 印台区 (classifier/units/yintai-units.json).
   */
  unitsFile: optionalString,
  /** MINSHENG_WORKER_CONCURRENCY: jobs run at once: by a BullMQ worker process for each kind of job; by the in-process queue in all. @default 4 */
  workerConcurrency: z.coerce.number().int().min(1).max(64).default(4),
  /** MINSHENG_JOB_LOCK_MS: how long a BullMQ job stays locked to a worker that died, before another takes it. @default 30000 */
  jobLockMs: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * MINSHENG_DEADLINE_SCAN_EVERY: seconds between deadline scans (due-soon and overdue alerts,
   * escalation); 0 turns the scan off. One schedule for the installation, set by every `npm start`
   * and `minsheng scheduler` when it starts: give every machine the same value. @default 900
   */
  deadlineScanEvery: z.coerce.number().int().min(0).max(86_400).default(900),
  /** MINSHENG_REPORTER_THRESHOLD: reporters (distinct writers of a case's messages) that make an issue 群众反映较多 (special supervision). @default 5 */
  reporterThreshold: z.coerce.number().int().min(2).max(1000).default(5),
  /**
   * MINSHENG_SECURE_COOKIES: send the console's cookies with `Secure`, so browsers only return them
   * over HTTPS. Set it when the console is served through an HTTPS proxy. @default false (plain
   * HTTP on the intranet, where a Secure cookie would never come back and nobody could log in)
   */
  secureCookies: z.preprocess(
    (v) => (typeof v === 'string' ? (['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase()) ? true : ['', '0', 'false', 'no', 'off'].includes(v.trim().toLowerCase()) ? false : v) : v),
    z.boolean({ message: '应为 true 或 false' }).default(false),
  ),
  /**
   * MINSHENG_TRUST_PROXY: the console sits behind a reverse proxy; take the client's address from
   * X-Forwarded-For, so the login rate limit counts people, not the proxy. `true` trusts every
   * hop, a number trusts that many hops, anything else is a comma-separated list of the proxies'
   * addresses or CIDR ranges. @default unset: the connection's address (no proxy)
   */
  trustProxy: z.preprocess(
    (v) => {
      if (typeof v !== 'string' || v.trim() === '') return undefined;
      const s = v.trim().toLowerCase();
      if (['true', 'yes', 'on'].includes(s)) return true;
      if (['false', 'no', 'off', '0'].includes(s)) return undefined;
      return /^\d+$/.test(s) ? Number(s) : s;
    },
    z.union([z.boolean(), z.number().int().min(1).max(10), z.string().regex(/^[0-9a-f.:/,\s]+$/i, '应为 true、跳数或代理地址列表（逗号分隔）')]).optional(),
  ),
  /**
   * MINSHENG_METRICS_TOKEN: a secret that lets a monitor (Prometheus) read GET /api/metrics with
   * `Authorization: Bearer <token>` and no console session; it opens that route only. At least 16
   * characters, so it cannot be guessed. @default unset: /api/metrics needs an admin's session
   */
  metricsToken: z.preprocess(emptyToUndefined, z.string().trim().min(16, '应至少 16 个字符（可用 openssl rand -hex 32 生成）').optional()),
  /**
   * MINSHENG_ADMIN_PASSWORD: initial admin password, set on first start when no admin exists; an
   * account's password rule (accountPasswordLength), checked here rather than when the first start
   * seeds the accounts, where it read 账号信息有误 without naming the variable.
   */
  adminPassword: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .min(accountPasswordLength.min, `应至少 ${accountPasswordLength.min} 个字符（账号密码的最低长度）`)
      .max(accountPasswordLength.max, `应不超过 ${accountPasswordLength.max} 个字符`)
      .optional(),
  ),
  /** MINSHENG_USER_AGENT: user agent the crawlers send. */
  userAgent: z.string().default('Mozilla/5.0 (X11; Linux x86_64) minsheng/0.1 (+e-government centre crawler)'),
  /** CHROMIUM_PATH: the browser for pages built in the browser. @default /usr/bin/chromium */
  chromiumPath: z.string().default('/usr/bin/chromium'),
  /** LOG_LEVEL: pino level. @default info */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** LOG_FORMAT: 'pretty' lines for people or 'json' lines for collectors. @default pretty */
  logFormat: z.enum(['pretty', 'json']).default('pretty'),
});

export type Config = z.infer<typeof configSchema>;

/** The variable each field is read from (the README's Configuration table names each; tests/readme-configuration.test.ts). */
export const envNames: Readonly<Record<keyof Config, string>> = {
  databaseUrl: 'DATABASE_URL',
  dataDir: 'MINSHENG_DATA_DIR',
  exportDir: 'MINSHENG_EXPORT_DIR',
  backupDir: 'MINSHENG_BACKUP_DIR',
  backupKeep: 'MINSHENG_BACKUP_KEEP',
  redisUrl: 'REDIS_URL',
  queuePrefix: 'MINSHENG_QUEUE_PREFIX',
  host: 'HOST',
  port: 'PORT',
  sourcesFile: 'MINSHENG_SOURCES',
  demoPort: 'MINSHENG_DEMO_PORT',
  modelFile: 'MINSHENG_MODEL',
  unitsFile: 'MINSHENG_UNITS',
  workerConcurrency: 'MINSHENG_WORKER_CONCURRENCY',
  jobLockMs: 'MINSHENG_JOB_LOCK_MS',
  deadlineScanEvery: 'MINSHENG_DEADLINE_SCAN_EVERY',
  reporterThreshold: 'MINSHENG_REPORTER_THRESHOLD',
  secureCookies: 'MINSHENG_SECURE_COOKIES',
  trustProxy: 'MINSHENG_TRUST_PROXY',
  metricsToken: 'MINSHENG_METRICS_TOKEN',
  adminPassword: 'MINSHENG_ADMIN_PASSWORD',
  userAgent: 'MINSHENG_USER_AGENT',
  chromiumPath: 'CHROMIUM_PATH',
  logLevel: 'LOG_LEVEL',
  logFormat: 'LOG_FORMAT',
};

/**
 * Parses the configuration from an environment (default: the process's).
 * Overrides win over the environment. Throws ConfigError naming the bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(envNames)) {
    if (env[name] !== undefined) raw[key] = env[name];
  }
  const parsed = configSchema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const name = envNames[key as keyof Config] ?? key;
    throw new ConfigError(`配置项 ${name} 无效：${issue?.message ?? '格式错误'}`);
  }
  const config = parsed.data;
  config.dataDir = path.resolve(config.dataDir);
  config.exportDir = path.resolve(config.exportDir ?? path.join(config.dataDir, 'exports'));
  config.backupDir = path.resolve(config.backupDir || path.join(config.dataDir, 'backups'));
  return config;
}
