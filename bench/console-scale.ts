/**
 * Does the console stay quick as the ledger grows over the years? The pages staff open every day
 * (review queue, ledger first page, ledger search and filters, a unit's to-do, the supervision
 * board, the charts, a case) are requested through the real web server (`app.inject`, the whole
 * route stack with session and role checks) on a store of `--small` cases and on one of `--large`,
 * in the same run; the ratio of the two times says whether a page's cost grows with the store.
 * A ratio near 1 is flat; near large/small, the page reads the whole ledger.
 *
 * The stores are built as a district's would be after months or years at the same daily rate:
 * cases registered through the ledger as the pipeline does (workflow's recordMessage/
 * registerMessage), then aged by SQL (about 14 a day; the last 20 days' in review or in hand, the
 * rest archived), since walking each through the procedure would take hours and the pages'
 * queries read only the resulting rows. So the larger store has as much work in hand as the
 * smaller and only a longer history: a page whose time grows reads that history.
 *   npx tsx bench/console-scale.ts [--small 2000] [--large 20000] [--store pglite|postgres] [--runs 15] [--keep DIR]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { ensureSource, openStore, recordMessage, registerMessage, type Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const small = Number(arg('small', '2000'));
const large = Number(arg('large', '20000'));
const kind = arg('store', 'pglite');
const runs = Number(arg('runs', '15'));
/** Keep the large embedded store in this folder (to study its queries); it must not exist. */
const keep = arg('keep', '');
const password = 'bench-pass-2026';

const towns = ['城关街道', '陈炉镇', '王石凹街道', '印台街道', '三里洞街道', '红土镇', '广阳镇', '金锁关镇', '阿庄镇'];
const topics = [
  ['路灯不亮', '楼下的路灯已经坏了一个多月，晚上出行很不方便，请尽快维修。', '投诉'],
  ['供暖温度不达标', '家里暖气温度只有十四度，老人孩子受不了，请供热公司处理。', '投诉'],
  ['咨询低保申请', '想问一下低保需要什么材料，到哪里办理，多长时间能批下来。', '咨询'],
  ['建议增设公交站点', '小区附近没有公交站，居民出行要走很远，建议增设一个站点。', '建议'],
  ['求助孩子上学', '孩子随迁入学遇到困难，学校说名额已满，请帮忙协调。', '求助'],
  ['道路破损', '路面坑洼积水，车辆经过溅人一身水，请有关部门修补。', '投诉'],
] as const;

async function openBenchStore(label: string): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (kind === 'postgres') {
    const schema = `bench_console_${label}_${process.pid}`;
    const base = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
    const store = await openStore({ databaseUrl: `${base}?schema=${schema}` });
    return {
      store,
      cleanup: async () => {
        await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await store.close();
      },
    };
  }
  const kept = keep !== '' && label === 'large';
  const dir = kept ? keep : await mkdtemp(path.join(tmpdir(), `minsheng-bench-console-${label}-`));
  const store = await openStore({ dataDir: dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      if (!kept) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Registers `count` cases through the ledger, then ages them by SQL (see the file comment). */
async function seed(store: Store, count: number): Promise<void> {
  await ensureSource(store.db, { id: 'bench', name: '印台区区长信箱', channel: 'district_mailbox' });
  await store.db.unit.createMany({ data: towns.map((t, i) => ({ id: `unit-${i}`, name: `${t}办事处`, keywords: [t] })) });
  const started = Date.now();
  let shown = started;
  for (let i = 0; i < count; i += 1) {
    const [title, body, category] = topics[i % topics.length]!;
    const town = towns[i % towns.length]!;
    const { messageId } = await recordMessage(store.db, {
      sourceId: 'bench',
      channel: 'district_mailbox',
      siteId: `c${i}`,
      title: `${town}${title}`,
      content: `我住在${town}第 ${i % 97} 小区 ${i % 13} 号楼，${body}（来信编号 ${i}）`,
      fetchedAt: new Date().toISOString(),
    });
    await registerMessage(store.db, { messageId, classification: { category, confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } } });
    if (Date.now() - shown > 5000) {
      shown = Date.now();
      process.stderr.write(`  正在登记案件：${i + 1} / ${count}（${((Date.now() - started) / 1000).toFixed(0)} 秒）\n`);
    }
  }
  // A district's mail at a steady rate (about 14 cases a day, 20,000 in four years): what grows
  // with the store is its history, not the work in hand. Cases of the last 2 days await review,
  // those of the 18 days before are in hand (assigned to a town's office, due 3 days after
  // arrival), older ones are archived in their year, 10 days after arrival.
  const age = (n: string) => `(${count} - ${n}) * interval '1 day' * 1460 / 20000`;
  await store.sql.exec(`
    WITH numbered AS (SELECT id, row_number() OVER (ORDER BY "ledgerNo") AS n FROM "Case"),
         aged AS (SELECT id, n, now() - ${age('n')} AS at FROM numbered)
    UPDATE "Case" c SET
      "createdAt" = aged.at,
      "state" = CASE WHEN aged.at > now() - interval '2 days' THEN 'awaiting_review' WHEN aged.at > now() - interval '20 days' THEN 'assigned' ELSE 'archived' END,
      "categoryConfirmed" = aged.at <= now() - interval '2 days',
      "unitId" = CASE WHEN aged.at > now() - interval '2 days' THEN NULL ELSE 'unit-' || (aged.n % ${towns.length}) END,
      "assignedAt" = CASE WHEN aged.at > now() - interval '2 days' THEN NULL ELSE aged.at END,
      "dueDate" = CASE WHEN aged.at > now() - interval '2 days' THEN NULL ELSE to_char(aged.at + interval '3 days', 'YYYY-MM-DD') END,
      "archivedAt" = CASE WHEN aged.at <= now() - interval '20 days' THEN aged.at + interval '10 days' END,
      "archiveCategory" = CASE WHEN aged.at <= now() - interval '20 days' THEN c."category" END,
      "archiveVolume" = CASE WHEN aged.at <= now() - interval '20 days' THEN to_char(aged.at, 'YYYY') || '-' || c."category" END
    FROM aged WHERE aged.id = c.id`);
  await store.sql.exec('ANALYZE');
}

interface Page {
  name: string;
  role: 'egov' | 'unit' | 'supervision' | 'leader';
  url: (caseId: string) => string;
}

const pages: Page[] = [
  { name: '审核队列 review queue', role: 'egov', url: () => '/api/console/review' },
  { name: '台账首页 ledger, first page', role: 'egov', url: () => '/api/console/ledger' },
  { name: '台账搜索 ledger, text search', role: 'egov', url: () => `/api/console/ledger?q=${encodeURIComponent('供暖')}` },
  { name: '台账筛选 ledger, category + not archived', role: 'egov', url: () => `/api/console/ledger?category=${encodeURIComponent('求助')}&archived=false` },
  { name: '承办单位待办 unit to-do', role: 'unit', url: () => '/api/console/ledger?todo=true' },
  { name: '督查看板 supervision board', role: 'supervision', url: () => '/api/console/board' },
  { name: '图表 charts (8 weeks)', role: 'leader', url: () => '/api/console/charts' },
  { name: '案件详情 one case', role: 'egov', url: (id) => `/api/workflow/cases/${id}` },
];

interface Opened {
  count: number;
  request: (page: Page, caseId: string) => Promise<void>;
  caseId: string;
  close: () => Promise<void>;
}

/** Builds a store of `count` cases and a signed-in web server over it. */
async function open(count: number, label: string): Promise<Opened> {
  const { store, cleanup } = await openBenchStore(label);
  process.stderr.write(`建立 ${count} 件案件的${kind === 'postgres' ? ' PostgreSQL' : '内置'}数据库…\n`);
  await seed(store, count);
  const users = { egov: 'egov_centre', unit: 'unit', supervision: 'supervision', leader: 'leader' } as const;
  for (const [username, role] of Object.entries(users)) {
    await createUser(store.db, { username, displayName: username, role, password, ...(role === 'unit' ? { unitId: 'unit-1' } : {}) });
  }
  const app = await createWebServer({ store, logger: silentLogger, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  const cookies = new Map<string, string>();
  for (const username of Object.keys(users)) {
    const login = await app.inject({ method: 'POST', url: '/api/session/login', payload: { username, password } });
    if (login.statusCode !== 200) throw new Error(`登录失败 ${username}：${login.statusCode} ${login.body}`);
    cookies.set(username, login.cookies.map((c) => `${c.name}=${c.value}`).join('; '));
  }
  const someCase = await store.db.case.findFirstOrThrow({ where: { state: 'assigned' }, select: { id: true } });
  return {
    count,
    caseId: someCase.id,
    request: async (page, caseId) => {
      const res = await app.inject({ method: 'GET', url: page.url(caseId), headers: { cookie: cookies.get(page.role)! } });
      if (res.statusCode !== 200) throw new Error(`${page.name}：HTTP ${res.statusCode} ${res.body.slice(0, 200)}`);
    },
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}

const timed = async (work: () => Promise<void>): Promise<number> => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

const smallStore = await open(small, 'small');
const largeStore = await open(large, 'large');
try {
  console.log(`store ${kind}; median of ${runs} requests per page and store through the web server (ms), the two stores' requests alternating after 3 warm-up rounds; ratio = ${large} cases / ${small} cases (${(large / small).toFixed(0)}x the cases)`);
  console.log(`| page | ${small} cases | ${large} cases | ratio |`);
  console.log('|---|---|---|---|');
  for (const page of pages) {
    const samples = new Map<Opened, number[]>([[smallStore, []], [largeStore, []]]);
    for (let r = 0; r < runs + 3; r += 1) {
      // Alternating, so that a burst of load on the machine falls on both sides of the ratio.
      for (const side of r % 2 === 0 ? [smallStore, largeStore] : [largeStore, smallStore]) {
        const ms = await timed(() => side.request(page, side.caseId));
        if (r >= 3) samples.get(side)!.push(ms);
        // Let the event loop breathe between requests, as between a user's clicks.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const a = median(samples.get(smallStore)!);
    const b = median(samples.get(largeStore)!);
    console.log(`| ${page.name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)} |`);
  }
} finally {
  await smallStore.close();
  await largeStore.close();
}
