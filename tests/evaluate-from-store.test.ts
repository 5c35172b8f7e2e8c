/**
 * `minsheng evaluate --from-store` on PostgreSQL (DATABASE_URL): the Chinese tables of how the
 * suggestions fared against staff decisions (agreement-seed.ts), a period, JSON, a period without
 * reviewed cases said plainly, and the flags' refusals. Through the main job: cli-main-job.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import type { Actor } from '../workflow/users/index.js';
import { seedReviewedCases } from './agreement-seed.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';

let store: Awaited<ReturnType<typeof openTestPostgresStore>>;
const actor = (role: Actor['role'], username: string): Actor => ({ userId: username, username, role });

beforeAll(async () => {
  store = await openTestPostgresStore();
  await store.db.unit.createMany({ data: [{ id: 'u-roads', name: '区交通运输局', keywords: [] }, { id: 'u-water', name: '区水务局', keywords: [] }] });
  await seedReviewedCases(store.db, { egov: actor('egov_centre', 'egov'), office: actor('gov_office', 'office'), leader: actor('leader', 'leader'), supervision: actor('supervision', 'duchashi') });
});
afterAll(async () => {
  await store?.close();
});

async function evaluate(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['evaluate', ...args], {
    env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

describe('minsheng evaluate --from-store', () => {
  it('prints the figures as Chinese tables', async () => {
    const { code, out, err } = await evaluate('--from-store');
    expect(code, err).toBe(0);
    expect(out).toContain('建议准确率（以本区工作人员的审核决定为准）：全部时间\n审核过的案件 8 件\n');
    expect(out).toContain('一、分类：工作人员登记时确认或更正分类 6 件，与建议一致 83.3%（5/6，95% 区间 43.6%–97.0%）');
    expect(out).toMatch(/\n {2}投诉 +50\.0% +100\.0% +0\.667 +2 +1\n/);
    expect(out).toMatch(/\n {4}≥0\.9 +3 +0\.93 +66\.7%（2\/3）\n/);
    expect(out).toContain('精确率 33.3%（1/3，95% 区间 6.1%–79.2%）：建议不予受理的，工作人员也决定不予受理');
    expect(out).toMatch(/\n {4}商业广告或要求赞助 +1 +100\.0%（1\/1）\n/);
    expect(out).toContain('复杂程度一致 83.3%（5/6，');
    expect(out).toContain('四、承办单位（已拟办或交办的案件）：与建议一致 50.0%（1/2，95% 区间 9.5%–90.5%）；另有 1 件没有建议承办单位');
    expect(out).toContain('五、重复留言：自动关联 2 条，其中被工作人员拆分为误判 1 条，精确率 50.0%；工作人员合并漏判的重复 1 次');
    expect(out).toMatch(/\n {2}2026-09 +50\.0%（1\/2，95% 区间 9\.5%–90\.5%） +—（0 件） +0\.0%（0\/1，/);
  });

  it('takes a period by the day staff decided, and says so plainly when it holds no reviewed case', async () => {
    const october = await evaluate('--from-store', '--since', '2026-10-01', '--until', '2026-10-31', '--json');
    expect(october.code, october.err).toBe(0);
    const report = JSON.parse(october.out);
    expect(report).toMatchObject({ from: '2026-10-01', to: '2026-10-31', reviewed: 5, category: { agreement: { k: 4, n: 4 } } });

    const empty = await evaluate('--from-store', '--since', '2025-01-01', '--until', '2025-12-31');
    expect(empty).toEqual({ code: 0, out: '建议准确率（以本区工作人员的审核决定为准）：2025-01-01 至 2025-12-31\n该期间没有工作人员审核过的案件，无从比较分类、不予受理等建议。\n', err: '' });
  });

  it('needs exactly one of --data and --from-store, and real dates', async () => {
    const neither = await evaluate();
    expect(neither.code).toBe(2);
    expect(neither.err).toContain('请给出 --data（带标注的文件）或 --from-store（对照本区工作人员的审核决定）之一');
    const both = await evaluate('--from-store', '--data', 'x.jsonl');
    expect(both.code).toBe(2);
    expect(both.err).toContain('--data 与 --from-store 只能选一个');
    const since = await evaluate('--data', 'x.jsonl', '--since', '2026-10-01');
    expect(since.code).toBe(2);
    expect(since.err).toContain('--since 和 --until 只能与 --from-store 同用');
    const reversed = await evaluate('--from-store', '--since', '2026-10-31', '--until', '2026-10-01');
    expect(reversed.err).toContain('--since 2026-10-31 晚于 --until 2026-10-01：开始日期不能晚于结束日期');
    const bad = await evaluate('--from-store', '--until', '2026-02-30');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--until 日期不存在：2026-02-30');
  });
});
