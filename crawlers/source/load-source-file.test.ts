import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSourceFile, parseSourceText } from './load-source-file.js';

const minimal = (extra = '') => `
sources:
  - id: demo
    name: 演示
    channel: district_mailbox
    startUrls: ['http://127.0.0.1:1/list_1.html']
    list:
      items: 'ul > li'
      fields: { siteId: 'span', title: 'a', detailUrl: { selector: a, attr: href } }
    detail:
      fields: { content: 'div.c' }
${extra}`;

describe('source file', () => {
  it('accepts a minimal source and fills defaults', () => {
    const [s] = parseSourceText(minimal(), 'a.yaml');
    expect(s?.kind).toBe('config');
    expect(s?.politeness.maxConcurrency).toBe(2);
    expect(s?.schedule.every).toBe(30 * 60_000);
    if (s?.kind === 'config') expect(s.pagination).toEqual({ type: 'none' });
    expect(s?.watch.removedText).toBeUndefined();
    expect(s?.watch).toEqual({ revisitOpenAfter: 6 * 3600_000, maxPagesPerRun: 500, recheckClosedAfter: 7 * 86_400_000, recheckClosedPerRun: 20, recheckClosedFor: 180 * 86_400_000 });
    expect(parseSourceText(minimal("    watch: { removedText: '信件不存在|已被删除' }"), 'a.yaml')[0]?.watch).toEqual({
      revisitOpenAfter: 6 * 3600_000,
      maxPagesPerRun: 500,
      recheckClosedAfter: 7 * 86_400_000,
      recheckClosedPerRun: 20,
      recheckClosedFor: 180 * 86_400_000,
      removedText: '信件不存在|已被删除',
    });
  });
  it('reads the re-check of closed messages: a duration, or off/0 to disable it', () => {
    const watch = (text: string) => parseSourceText(minimal(`    watch: { ${text} }`), 'a.yaml')[0]?.watch;
    expect(watch('recheckClosedAfter: 12h, recheckClosedPerRun: 5')).toMatchObject({ recheckClosedAfter: 12 * 3600_000, recheckClosedPerRun: 5 });
    expect(watch('recheckClosedAfter: off')?.recheckClosedAfter).toBe(0);
    expect(watch('recheckClosedAfter: 0')?.recheckClosedAfter).toBe(0);
    expect(watch('recheckClosedAfter: false')?.recheckClosedAfter).toBe(0);
    expect(watch('recheckClosedPerRun: 0')?.recheckClosedPerRun).toBe(0);
    // A default left untouched when another watch key is set.
    expect(watch('maxPagesPerRun: 50')).toMatchObject({ recheckClosedAfter: 7 * 86_400_000, recheckClosedPerRun: 20 });
    expect(() => watch('recheckClosedAfter: weekly')).toThrow(/来源 demo：sources\[0\]\.watch\.recheckClosedAfter：应为时长.*或 off（关闭复查）/);
    expect(() => watch('recheckClosedAfter: true')).toThrow(/watch\.recheckClosedAfter：应为时长/);
    expect(() => watch('recheckClosedPerRun: -1')).toThrow(/watch\.recheckClosedPerRun 不能小于 0/);
    expect(() => watch('recheckClosedPerRun: many')).toThrow(/watch\.recheckClosedPerRun 应为数字/);
    expect(() => watch('recheckClosedPerRun: 2.5')).toThrow(/watch\.recheckClosedPerRun 应为整数/);
  });
  it('names the bad field in Chinese', () => {
    expect(() => parseSourceText(minimal().replace('district_mailbox', 'mailbox'), 'a.yaml')).toThrow(/sources\[0\]\.channel 的值无效.*city_mailbox/);
    expect(() => parseSourceText(minimal().replace("startUrls: ['http://127.0.0.1:1/list_1.html']", 'startUrls: []'), 'a.yaml')).toThrow(/sources\[0\]\.startUrls 至少需要 1 项/);
    expect(() => parseSourceText(minimal().replace("items: 'ul > li'", 'itemz: x'), 'a.yaml')).toThrow(/来源 demo.*(缺少必填字段 sources\[0\]\.list\.items|未知字段)/);
    expect(() => parseSourceText(minimal('    pagination: { type: pages }'), 'a.yaml')).toThrow(/sources\[0\]\.pagination.*type 应为/);
    expect(() => parseSourceText(minimal('    pagination: { type: path, template: /list.html }'), 'a.yaml')).toThrow(/pagination\.template.*\{page\}/);
    expect(() => parseSourceText(minimal('    schedule: { every: soon }'), 'a.yaml')).toThrow(/schedule\.every.*时长/);
    expect(() => parseSourceText(minimal().replace("content: 'div.c'", "author: 'div.c'"), 'a.yaml')).toThrow(/content 未在 list\.fields/);
    expect(() => parseSourceText(minimal().replace("title: 'a'", "title: { selector: a, regex: '(' }"), 'a.yaml')).toThrow(/list\.fields\.title\.regex 的正则表达式无效/);
    expect(() => parseSourceText('sources: [ {id: x', 'a.yaml')).toThrow(/不是有效的 YAML/);
    expect(() => parseSourceText(minimal().replace("title: 'a'", 'title: { selecter: a }'), 'a.yaml')).toThrow(/list\.fields\.title 中有未知字段：selecter/);
    expect(() => parseSourceText(minimal().replace("title: 'a'", 'title: { selector: a, index: x }'), 'a.yaml')).toThrow(/list\.fields\.title\.index 应为数字/);
    expect(() => parseSourceText(minimal('    politeness: { maxConcurrency: many }'), 'a.yaml')).toThrow(/politeness\.maxConcurrency 应为数字/);
    expect(() => parseSourceText(minimal('    encoding: gbkk'), 'a.yaml')).toThrow(/encoding 不是已知的编码：gbkk/);
    expect(() => parseSourceText(minimal("    watch: { removedText: '信件(不存在' }"), 'a.yaml')).toThrow(/sources\[0\]\.watch\.removedText：不是有效的正则表达式/);
    expect(() => parseSourceText(minimal("    watch: { removedText: '' }"), 'a.yaml')).toThrow(/watch\.removedText 不能为空/);
    expect(() => parseSourceText(`${minimal()}\n  - { id: demo2, name: m, channel: other_web, kind: module, module: nope, startUrls: ['http://h/'] }`, 'a.yaml')).toThrow(/module 未知：nope/);
  });
  it('fills {{vars}} and rejects unknown ones', () => {
    const text = minimal().replace('http://127.0.0.1:1', '{{base}}');
    expect(parseSourceText(text, 'a.yaml', { vars: { base: 'http://h:9' } })[0]?.startUrls).toEqual(['http://h:9/list_1.html']);
    expect(() => parseSourceText(text, 'a.yaml', { vars: { port: 1 } })).toThrow(/\{\{base\}\} 没有给值/);
  });
  it('loads every shipped source file', async () => {
    const dir = path.resolve(import.meta.dirname, '../sources');
    const files = [path.join(dir, 'yintai.yaml'), ...(await readdir(path.join(dir, 'examples'))).map((f) => path.join(dir, 'examples', f))];
    for (const file of files) {
      const sources = await loadSourceFile(file, { vars: { base: 'http://127.0.0.1:9', demoPort: 3100 } });
      expect(sources.length, file).toBeGreaterThan(0);
    }
  });
});
