import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handEntrySchema } from '../../pipeline/index.js';
import { archiveVolumeSchema } from '../../workflow/exports/export-rows.js';
import { caseListQuery, fieldLabel, fieldNames, holdsNul, isoDate, parseInput } from './request-input.js';

const badInput = (schema: z.ZodType, value: unknown) => {
  try {
    parseInput(schema, value);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('parsed');
};

describe('isoDate', () => {
  it('takes dates that exist and refuses those that do not, in Chinese', () => {
    expect(isoDate.safeParse('2028-02-29').success).toBe(true);
    for (const bad of ['2026-02-30', '2026-13-01', '2026-00-10', '2026-1-5']) expect(isoDate.safeParse(bad).success).toBe(false);
    expect(badInput(z.object({ from: isoDate }), { from: '2026-02-30' }).message).toBe('参数 开始日期 无效：没有这一天（日期不存在）');
  });
});

describe('parseInput', () => {
  it('answers a Chinese BAD_INPUT naming the field in Chinese', () => {
    const notAccepted = z.object({ reasons: z.array(z.string()).min(1).max(7), note: z.string().max(2000) });
    expect(badInput(notAccepted, { reasons: [], note: 'x' })).toMatchObject({ code: 'BAD_INPUT', message: '参数 不予受理理由 无效：至少 1 项' });
    expect(badInput(notAccepted, { reasons: ['other'] }).message).toBe('参数 说明 无效：缺少此项');
    expect(badInput(notAccepted, { reasons: [7], note: 'x' }).message).toBe('参数 不予受理理由第 1 项 无效：应为文本，实际为数字');
    expect(badInput(z.object({ days: z.number().int().min(1).max(30) }), { days: 45 }).message).toBe('参数 天数 无效：不能大于 30');
    expect(badInput(caseListQuery, { limit: '0' }).message).toBe('参数 每页条数 无效：不能小于 1');
    expect(badInput(z.object({ filter: z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD') }) }), { filter: { from: 'x' } }).message).toBe(
      '参数 筛选条件的开始日期 无效：日期格式应为 YYYY-MM-DD',
    );
    expect(badInput(z.object({ note: z.string() }), 'text').message).toBe('参数 请求 无效：应为对象，实际为文本');
  });

  it('gives a message that names its field already as it is, not after 参数 … 无效：', () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(badInput(handEntrySchema, { channel: 'district_mailbox', title: '路灯不亮', content: '路灯不亮', postedAt: future }).message).toBe('留言时间不能晚于现在');
    expect(badInput(handEntrySchema, { channel: 'forwarded', originLevel: 'city', title: '路灯不亮', content: '路灯不亮' }).message).toBe('省市转办的留言须填写转办编号');
    expect(badInput(handEntrySchema, { channel: 'district_mailbox', title: ' ', content: '路灯不亮' }).message).toBe('请填写标题');
    // One that does not name it keeps the field in front.
    expect(badInput(handEntrySchema, { channel: 'district_mailbox', title: '路灯不亮', content: '路灯不亮', postedAt: '2026/11/01' }).message).toBe('参数 留言时间 无效：日期格式应为 YYYY-MM-DD');
    expect(badInput(z.object({ filter: z.object({ archiveVolume: archiveVolumeSchema }) }), { filter: { archiveVolume: '2026' } }).message).toBe(
      '参数 筛选条件的归档卷 无效：归档卷应为「年份-类别」，如 2026-投诉、2026-不予受理',
    );
  });

  it('falls back to the raw path for a field it does not know', () => {
    expect(fieldLabel(['somethingNew', 0, 'toString'])).toBe('somethingNew第 1 项的toString');
  });

  it("knows every field of the API's schemas", async () => {
    const files = ['export-routes.ts', 'console-routes.ts', 'security-log-routes.ts', 'workflow-routes.ts', 'cli-routes.ts', 'request-input.ts', '../auth/session-auth.ts', '../../workflow/exports/export-rows.ts'];
    const keys = new Set<string>();
    for (const file of files) {
      const source = await readFile(new URL(file, import.meta.url), 'utf8');
      // `key: z.string()`, `key: optional(...)`, `key: isoDate` ... (not the schemas' own names, `name: z.object(` / `z.looseObject(`)
      for (const m of source.matchAll(/\b([A-Za-z]+): *(?:z\.(?!object\(|looseObject\(|strictObject\(|Zod|infer)|optional\(|flag\b|isoDate\b|text\(|exportFilterSchema\b)/g)) keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(40);
    expect([...keys].filter((k) => !Object.hasOwn(fieldNames, k))).toEqual([]);
  });
});

describe('holdsNul', () => {
  it('finds a NUL character in any string of a parsed request, keys and deep values included', () => {
    for (const clean of [undefined, null, 3, true, 'text', { a: ['b', { c: 'd' }] }, Buffer.from([0])]) expect(holdsNul(clean)).toBe(false);
    for (const dirty of ['a\u0000', { id: '\u0000' }, { 'k\u0000': 1 }, { items: [{ caseId: 'x' }, { note: ['y', 'z\u0000'] }] }]) expect(holdsNul(dirty)).toBe(true);
    // A page of 200 000 suggestions (the reclassify route takes 64 MB): no stack or argument limit.
    expect(holdsNul({ cases: Array.from({ length: 200_000 }, (_, i) => ({ caseId: String(i) })) })).toBe(false);
  });
});
