/**
 * `minsheng messages add` (手工录入 at the command line), through the real CLI entry. On
 * PostgreSQL (DATABASE_URL, no REDIS_URL) it records each message as the account --as and leaves
 * its classification to the main job, whose start-up picks it up and registers it as it does a
 * crawled one; --file enters several, reports each line (a 转办编号 entered before, a bad line) and
 * exits 1 when any was refused; a file entered again after fixing a line skips the lines entered
 * before (exit 0), also a line whose typo was fixed (the same writer's letter of the same minute,
 * nearly identical), and --allow-same enters another citizen's identical letter; an account that may not enter is refused. While a main job holds
 * the embedded store, a separate `minsheng` process enters through that job's API and gets the
 * new case's 台账编号; that route answers the local command line only.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLocalToken, writeRunFile } from '../cli/app/run-file.js';
import { main } from '../cli/main.js';
import { silentLogger } from '../core/index.js';
import { createPipeline, InProcessQueue } from '../pipeline/index.js';
import { createWebServer } from '../web/index.js';
import type { Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { runMinsheng } from './helpers/main-job-stand-in.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { sharedClassifier } from './pipeline-helpers.js';

let store: Store & { schema: string };
let dir: string;
const password = 'cli-entry-2026';

beforeAll(async () => {
  store = await openTestPostgresStore();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-entry-'));
  for (const [username, role] of [['egov', 'egov_centre'], ['leader', 'leader']] as const) await createUser(store.db, { username, displayName: username, password, role });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await store?.close();
});

async function add(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['messages', 'add', ...args], {
    env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

describe('minsheng messages add on PostgreSQL', () => {
  it('records a forwarded item that the main job then registers like a crawled one; a file reports each line', async () => {
    const one = await add('--channel', 'forwarded', '--origin', 'city', '--forward-no', 'TCZB-2026-0501', '--upper-deadline', '2026-12-02', '--title', '广阳镇集市占道经营', '--content', '市长信箱转办：广阳镇集市摊贩占道经营，车辆无法通行，请处理。', '--as', 'egov');
    expect(one, one.err).toMatchObject({ code: 0, out: '已录入  正在分类登记（查重后生成案件或并入已有案件）\n' });
    expect(one.err).toContain('未配置 REDIS_URL');
    const message = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'manual-forwarded', siteId: 'city:TCZB-2026-0501' } } });
    expect(message.caseId).toBeNull();
    // The 转办单's own deadline is kept: 交办 will not give the unit a later due date.
    expect(message.forwarding).toEqual({ originLevel: 'city', forwardNo: 'TCZB-2026-0501', upperDeadline: '2026-12-02' });

    const file = path.join(dir, 'entries.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({ channel: 'forwarded', originLevel: 'city', forwardNo: 'TCZB-2026-0501', title: '重复', content: '重复的转办单' }),
        '',
        JSON.stringify({ channel: 'other_web', channelNote: '印台论坛', title: '城关街道下水道堵塞', content: '城关街道北街下水道堵塞，污水漫到路面。' }),
        '{不是 JSON',
        JSON.stringify({ channel: 'forwarded', title: '缺编号', content: '没有转办编号' }),
        JSON.stringify({ channel: 'forwarded', originLevel: 'city', forwardNo: 'TCZB-2026-0600', upperDeadline: '2026-02-30', title: '时限有误', content: '上级办理时限写错的转办单' }),
      ].join('\n'),
    );
    const many = await add('--file', file, '--as', 'egov');
    expect(many.code).toBe(1);
    expect(many.out.split('\n')).toEqual([
      '第 1 行  已录入过（egov 录入），未重复录入',
      '第 3 行  已录入  正在分类登记（查重后生成案件或并入已有案件）',
      '第 4 行  未录入  不是有效的 JSON',
      '第 5 行  未录入  --origin（转办层级）：省市转办的留言须选择转办层级（省级或市级）',
      '第 6 行  未录入  --upper-deadline（上级办理时限）：没有这一天（日期不存在）',
      '共 5 条：录入或已有 2 条，未录入 3 条',
      '',
    ]);
    expect(await store.db.message.count()).toBe(2);

    // The main job's start-up hands the recorded messages to classification: both become cases in review.
    const queue = new InProcessQueue({ concurrency: 2 });
    const pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger: silentLogger });
    await pipeline.start({ concurrency: 2 });
    await queue.idle(30_000);
    await queue.close();
    const cases = await store.db.case.findMany({ include: { events: { orderBy: { id: 'asc' } } } });
    expect(cases.map((c) => c.state)).toEqual(['awaiting_review', 'awaiting_review']);
    for (const c of cases) expect(c.events.map((e) => [e.type, e.actor])).toEqual([['case_created', 'system'], ['entered_by_hand', 'egov']]);
    // Nobody crawled them: `cases show` names their creation 录入并生成台账, never 采集并生成台账.
    let shown = '';
    const code = await main(['cases', 'show', cases[0]!.ledgerNo], { env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (shown += t), stderr: () => undefined } });
    expect(code).toBe(0);
    expect(shown).toMatch(/\d\d:\d\d {2}录入并生成台账 /);
    expect(shown).not.toContain('采集并生成台账');
  });

  it('refuses a line saved in GBK (Notepad’s ANSI) with the reason, instead of entering it garbled, and enters the rest', async () => {
    const gbk = Buffer.from([0xc2, 0xde, 0xd5, 0xaf, 0xb4, 0xe5, 0xc2, 0xb7, 0xb5, 0xc6]); // 罗寨村路灯 in GBK
    const file = path.join(dir, 'ansi.jsonl');
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('\ufeff' + JSON.stringify({ channel: 'other_web', channelNote: '微信群', title: '记事本保存的第一行', content: '带 BOM 与 CRLF 的文件，王家砭村路灯不亮。' }) + '\r\n'),
        Buffer.from('{"channel":"other_web","channelNote":"微信群","title":"'),
        gbk,
        Buffer.from('不亮","content":"'),
        gbk,
        Buffer.from('已经坏了三个月"}\r\n'),
      ]),
    );
    const before = await store.db.message.count();
    const entered = await add('--file', file, '--as', 'egov');
    expect(entered.code).toBe(1);
    expect(entered.out.split('\n')).toEqual([
      '第 1 行  已录入  正在分类登记（查重后生成案件或并入已有案件）',
      '第 2 行  未录入  不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新录入这一行',
      '共 2 条：录入或已有 1 条，未录入 1 条',
      '',
    ]);
    expect(await store.db.message.count()).toBe(before + 1);
    expect(await store.db.message.count({ where: { title: { contains: '\ufffd' } } })).toBe(0);
  });

  it('skips the lines entered before when a file is entered again after fixing a line, and --allow-same enters another citizen’s', async () => {
    const file = path.join(dir, 'again.jsonl');
    const good = { channel: 'city_mailbox', title: '金锁关镇班车停运', content: '金锁关镇到城区的班车停运一个月了，村民进城看病很不方便。', author: '孙先生' };
    const fixed = { channel: 'other_web', channelNote: '12345 热线网页', title: '黄堡镇集贸市场噪音扰民', content: '黄堡镇集贸市场凌晨四点就开始装卸货物，噪音很大。' };
    await writeFile(file, [JSON.stringify(good), JSON.stringify({ ...fixed, channelNote: undefined })].join('\n'));
    const firstRun = await add('--file', file, '--as', 'egov');
    expect(firstRun.code).toBe(1);
    expect(firstRun.out.split('\n')[0]).toBe('第 1 行  已录入  正在分类登记（查重后生成案件或并入已有案件）');

    await writeFile(file, [JSON.stringify(good), JSON.stringify(fixed)].join('\n'));
    const secondRun = await add('--file', file, '--as', 'egov');
    expect(secondRun.code, secondRun.err).toBe(0);
    expect(secondRun.out.split('\n')).toEqual([
      '第 1 行  已跳过：与已录入的留言（尚在分类登记）相同',
      '第 2 行  已录入  正在分类登记（查重后生成案件或并入已有案件）',
      '共 2 条：录入或已有 1 条，与已录入的留言相同而跳过 1 条，未录入 0 条',
      '',
    ]);
    expect(secondRun.err).toContain('--allow-same');
    expect(await store.db.message.count({ where: { title: good.title } })).toBe(1);
    expect(await store.db.message.count({ where: { title: fixed.title } })).toBe(1);

    const another = await add('--channel', good.channel, '--title', good.title, '--content', good.content, '--author', good.author, '--allow-same', '--as', 'egov');
    expect(another).toMatchObject({ code: 0, out: '已录入  正在分类登记（查重后生成案件或并入已有案件）\n' });
    expect(await store.db.message.count({ where: { title: good.title } })).toBe(2);
  });

  it('skips a line whose typo was fixed when the file is entered again (same writer and minute, nearly identical), and enters another letter of that writer', async () => {
    const file = path.join(dir, 'typo.jsonl');
    const letter = {
      channel: 'district_mailbox',
      title: '印台区中医院门诊挂号排队时间过长',
      content:
        '印台区中医院门诊每天早上挂号要排一个多小时，只开两个窗口，自助机经常坏。老人天不亮就去排队，排到了号也要等到中午才能看上病。去年就有人反映过，至今没有改善。希望卫健局督促医院增开挂号窗口、维修自助机，并开通电话和网上预约挂号，方便群众就医。',
      author: '赵桂芳',
      postedAt: '2026-11-16T08:15:00+08:00',
    };
    const second = { channel: 'district_mailbox', title: '红土镇街道垃圾清运不及时', content: '红土镇街道垃圾箱已经满了三天没人清运，夏天气味很大，苍蝇很多，请环卫部门按时清运。', author: '刘志强', postedAt: '2026-11-16' };
    await writeFile(file, [JSON.stringify({ ...letter, content: letter.content.replace('自助机经常坏', '自助机经长坏') }), JSON.stringify(second)].join('\n'));
    expect(await add('--file', file, '--as', 'egov')).toMatchObject({ code: 0 });

    // The typo noticed and fixed in the file, which is entered again.
    await writeFile(file, [JSON.stringify(letter), JSON.stringify(second)].join('\n'));
    const again = await add('--file', file, '--as', 'egov');
    expect(again.code, again.err).toBe(0);
    const lines = again.out.split('\n');
    expect(lines[0]).toMatch(/^第 1 行 {2}已跳过：与已录入的留言（尚在分类登记）几乎相同（同一留言人、同一留言时间，内容相似度 9\d%）$/);
    expect(lines.slice(1)).toEqual(['第 2 行  已跳过：与已录入的留言（尚在分类登记）相同', '共 2 条：录入或已有 0 条，与已录入的留言相同而跳过 2 条，未录入 0 条', '']);
    expect(again.err).toContain('--allow-same');
    expect(await store.db.message.count({ where: { author: '赵桂芳' } })).toBe(1);

    // Another letter of that writer, the same minute: entered.
    const other = await add('--channel', letter.channel, '--title', '中医院停车场收费过高', '--content', '印台区中医院停车场看病也要按小时收费，一次就要二十元，希望核查收费标准，对就医车辆免费或减免。', '--author', letter.author, '--posted-at', letter.postedAt, '--as', 'egov');
    expect(other).toMatchObject({ code: 0, out: '已录入  正在分类登记（查重后生成案件或并入已有案件）\n' });
    expect(await store.db.message.count({ where: { author: '赵桂芳' } })).toBe(2);
  });

  it('refuses an account that may not enter messages, and a missing --as, entering nothing', async () => {
    const before = await store.db.message.count();
    const leader = await add('--channel', 'district_mailbox', '--title', '标题', '--content', '内容', '--as', 'leader');
    expect(leader.code).not.toBe(0);
    expect(leader.err).toContain('区政府领导无权执行此操作（需要：区电子政务管理中心、系统管理员）');
    expect(leader.out).toBe('');
    const nobody = await add('--channel', 'district_mailbox', '--title', '标题', '--content', '内容');
    expect(nobody.code).not.toBe(0);
    expect(nobody.err).toContain('请用 --as 指定');
    expect(await store.db.message.count()).toBe(before);
  });

  it('enters as an admin too, the two roles its --as help names', async () => {
    await createUser(store.db, { username: 'admin', displayName: '系统管理员', password, role: 'admin' });
    const entered = await add('--channel', 'other_web', '--channel-note', '微信公众号', '--title', '城关街道路灯不亮', '--content', '城关街道某小区路灯坏了三天，请维修。', '--as', 'admin');
    expect(entered, entered.err).toMatchObject({ code: 0 });
    let help = '';
    await main(['messages', 'add', '--help'], { env: { LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (help += t), stderr: (t) => void (help += t) } });
    expect(help.replace(/\s+/g, '')).toContain('--as<用户名>以哪个区电子政务管理中心或系统管理员账号录入');
  });
});

describe('minsheng messages add while a main job holds the embedded store', () => {
  let app: FastifyInstance;
  let queue: InProcessQueue;
  let dataDir: string;
  let url: string;
  const token = newLocalToken();

  beforeAll(async () => {
    // The main job as a command sees it: the pipeline and the API with the local token, named by the run file.
    queue = new InProcessQueue({ concurrency: 2 });
    await createPipeline({ store, queue, classifier: await sharedClassifier(), logger: silentLogger }).start({ concurrency: 2 });
    app = await createWebServer({ store, logger: silentLogger, localToken: token, queue });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    dataDir = path.join(dir, 'data');
    await writeRunFile(dataDir, { pid: process.pid, url, token, startedAt: new Date().toISOString() });
  });
  afterAll(async () => {
    await app?.close();
    await queue?.close();
  });

  const minsheng = (args: string[]) => runMinsheng(dataDir, args);

  it('enters through its API as the account named and prints the new case; the route refuses a console session', { timeout: 60_000 }, async () => {
    const res = await minsheng(['messages', 'add', '--channel', 'forwarded', '--origin', 'province', '--forward-no', 'SZB-2026-77', '--title', '红土镇农村饮水安全', '--content', '省长信箱转办：红土镇部分村组自来水浑浊，请检测水质。', '--as', 'egov']);
    expect(res.code, res.err).toBe(0);
    expect(res.err).toContain('经其接口录入');
    const message = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'manual-forwarded', siteId: 'province:SZB-2026-77' } }, include: { case: true } });
    expect(res.out).toBe(`已录入  新案件 ${message.case!.ledgerNo}（待审核分类）\n`);

    const login = await fetch(`${url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'egov', password }) });
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('ms_csrf='))!.slice('ms_csrf='.length));
    const session = await fetch(`${url}/api/cli/messages`, {
      method: 'POST',
      headers: { cookie: cookies.join('; '), 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ as: 'egov', entry: { channel: 'district_mailbox', title: '标题', content: '内容' } }),
    });
    expect(session.status).toBe(403);
  });
});
