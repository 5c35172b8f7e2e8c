import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseListQuery, fieldLabel, fieldNames, isoDate, parseInput } from './request-input.js';

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
