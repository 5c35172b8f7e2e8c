import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from './index.js';

// Any module that loads core (the server, the CLI, a worker) gets the Chinese messages.
const messageOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe("zod's messages once core is loaded", () => {
  it('are Chinese for the common issues, without English type names', () => {
    expect(messageOf(z.object({ note: z.string() }), {})).toBe('缺少此项');
    expect(messageOf(z.array(z.string()).min(1), [])).toBe('至少 1 项');
    expect(messageOf(z.string().min(1), '')).toBe('不能为空');
    expect(messageOf(z.string().max(3), 'abcd')).toBe('最多 3 个字');
    expect(messageOf(z.number().int().max(30), 31)).toBe('不能大于 30');
    expect(messageOf(z.number().int(), 1.5)).toBe('应为整数');
    expect(messageOf(z.string(), 5)).toBe('应为文本，实际为数字');
    expect(messageOf(z.enum(['phone', 'sms']), 'mail')).toBe('应为以下之一：phone、sms');
    expect(messageOf(z.uuid(), 'x')).toBe('格式不对');
    expect(messageOf(z.string().regex(/^\d+$/), 'x')).toBe('格式不对');
    expect(messageOf(z.boolean(), 'yes')).toBe('应为布尔值(true/false)，实际为文本');
  });

  it("leave a schema's own message alone", () => {
    expect(messageOf(z.string().regex(/^\d{4}$/, '年份应为四位数字'), 'x')).toBe('年份应为四位数字');
  });

  it('reach the configuration errors', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^配置项 PORT 无效：[^A-Za-z]*$/);
  });
});
