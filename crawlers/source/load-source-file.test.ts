import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSourceFile, parseSourceText } from './load-source-file.js';
import { sourceFileWarnings } from './source-warnings.js';

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
  it('takes list.linesPerLetter for an HTML list only', () => {
    const withLines = (format: string) => minimal().replace("      items: 'ul > li'", `      format: ${format}\n      items: 'ul > li'\n      linesPerLetter: 2`);
    const [s] = parseSourceText(withLines('html'), 'a.yaml');
    expect(s?.kind === 'config' && s.list.linesPerLetter).toBe(2);
    expect(() => parseSourceText(withLines('json'), 'a.yaml')).toThrow(/list\.linesPerLetter：linesPerLetter 只用于 HTML 列表（format: html）（第 10 行）/);
  });
  it('takes list.linesPerLetter: until-next-link, linkLine: last with either and a line number with a fixed count up to it, refusing other values in Chinese', () => {
    const list = (lines: string) => minimal().replace("      items: 'ul > li'", `      items: 'ul > li'\n${lines}`);
    const [varying] = parseSourceText(list('      linesPerLetter: until-next-link'), 'a.yaml');
    expect(varying?.kind === 'config' && varying.list.linesPerLetter).toBe('until-next-link');
    const [last] = parseSourceText(list('      linesPerLetter: 2\n      linkLine: last'), 'a.yaml');
    expect(last?.kind === 'config' && last.list.linkLine).toBe('last');
    expect(() => parseSourceText(list('      linesPerLetter: until-link'), 'a.yaml')).toThrow(/list\.linesPerLetter：linesPerLetter 应为 2 到 6 之间的整数（每封信固定占的行数），或 until-next-link/);
    expect(() => parseSourceText(list('      linesPerLetter: 8'), 'a.yaml')).toThrow(/linesPerLetter 应为 2 到 6 之间的整数/);
    expect(() => parseSourceText(list('      linesPerLetter: 2\n      linkLine: bottom'), 'a.yaml')).toThrow(/list\.linkLine：linkLine 应为 first（链接在每封信的第一行，默认）、last（链接在最后一行）或行号/);
    const [middle] = parseSourceText(list('      linesPerLetter: 3\n      linkLine: 2'), 'a.yaml');
    expect(middle?.kind === 'config' && [middle.list.linesPerLetter, middle.list.linkLine]).toEqual([3, 2]);
    const [varyingLast] = parseSourceText(list('      linesPerLetter: until-next-link\n      linkLine: last'), 'a.yaml');
    expect(varyingLast?.kind === 'config' && [varyingLast.list.linesPerLetter, varyingLast.list.linkLine]).toEqual(['until-next-link', 'last']);
    expect(() => parseSourceText(list('      linesPerLetter: 3\n      linkLine: 4'), 'a.yaml')).toThrow(/list\.linkLine：linkLine 的行号不能大于 linesPerLetter/);
    expect(() => parseSourceText(list('      linesPerLetter: 3\n      linkLine: 0'), 'a.yaml')).toThrow(/linkLine 应为 first/);
    expect(() => parseSourceText(list('      linesPerLetter: until-next-link\n      linkLine: 2'), 'a.yaml')).toThrow(/list\.linkLine：linkLine 只能与 linesPerLetter 一起使用，行号只能与固定行数（2 到 6）一起使用/);
    expect(() => parseSourceText(list('      linkLine: last'), 'a.yaml')).toThrow(/linkLine 只能与 linesPerLetter 一起使用/);
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
    const reply = (rule: string) => minimal().replace("content: 'div.c' }", `content: 'div.c' }\n      reply: { url: 'reply.do?id={siteId}', fields: { replyText: ${rule} } }`);
    expect(parseSourceText(reply("'data.hfnr'"), 'a.yaml')[0]).toMatchObject({ detail: { reply: { url: 'reply.do?id={siteId}', format: 'json' } } });
    expect(() => parseSourceText(reply("{ path: data.hfnr, regex: '(' }"), 'a.yaml')).toThrow(/detail\.reply\.fields\.replyText\.regex 的正则表达式无效/);
    const posted = (extra: string) => minimal().replace("content: 'div.c' }", `content: 'div.c' }\n      reply: { url: 'getReply.do', ${extra}, fields: { replyText: data.hfnr } }`);
    expect(parseSourceText(posted("method: POST, body: { xjid: '{siteId}', token: '{token}' }, page: { token: { selector: '#token', attr: value } }"), 'a.yaml')[0]).toMatchObject({ detail: { reply: { method: 'POST', bodyType: 'form', body: { xjid: '{siteId}' }, page: { token: { selector: '#token' } } } } });
    expect(() => parseSourceText(posted("body: { xjid: '{siteId}' }"), 'a.yaml')).toThrow(/body 只用于 POST/);
    expect(() => parseSourceText(posted("page: { token: { regex: '(' } }"), 'a.yaml')).toThrow(/detail\.reply\.page\.token\.regex 的正则表达式无效/);
    expect(parseSourceText(posted("headers: { X-CSRF-Token: '{token}', X-Requested-With: XMLHttpRequest }, page: { token: { selector: 'meta[name=csrf-token]', attr: content } }"), 'a.yaml')[0]).toMatchObject({ detail: { reply: { headers: { 'X-CSRF-Token': '{token}', 'X-Requested-With': 'XMLHttpRequest' } } } });
    expect(() => parseSourceText(posted("headers: { Cookie: 'JSESSIONID=1' }"), 'a.yaml')).toThrow(/Cookie、Host、Content-Type、Content-Length 由采集自行设置/);
    expect(() => parseSourceText(posted("headers: { 'X CSRF': '{token}' }"), 'a.yaml')).toThrow(/请求头名称不合法/);
    expect(() => parseSourceText('sources: [ {id: x', 'a.yaml')).toThrow(/不是有效的 YAML/);
    expect(() => parseSourceText(minimal().replace("title: 'a'", 'title: { selecter: a }'), 'a.yaml')).toThrow(/list\.fields\.title 中有未知字段：selecter/);
    expect(() => parseSourceText(minimal().replace("title: 'a'", 'title: { selector: a, index: x }'), 'a.yaml')).toThrow(/list\.fields\.title\.index 应为数字/);
    expect(() => parseSourceText(minimal('    politeness: { maxConcurrency: many }'), 'a.yaml')).toThrow(/politeness\.maxConcurrency 应为数字/);
    expect(() => parseSourceText(minimal('    encoding: gbkk'), 'a.yaml')).toThrow(/encoding 不是已知的编码：gbkk/);
    expect(() => parseSourceText(minimal("    watch: { removedText: '信件(不存在' }"), 'a.yaml')).toThrow(/sources\[0\]\.watch\.removedText：不是有效的正则表达式/);
    expect(() => parseSourceText(minimal("    watch: { removedText: '' }"), 'a.yaml')).toThrow(/watch\.removedText 不能为空/);
    expect(() => parseSourceText(`${minimal()}\n  - { id: demo2, name: m, channel: other_web, kind: module, module: nope, startUrls: ['http://h/'] }`, 'a.yaml')).toThrow(/module 未知：nope/);
  });
  it('reads cursor pagination: the parameter, and the field of the last item sent in it (siteId, or one the list maps)', () => {
    const [s] = parseSourceText(minimal('    pagination: { type: cursor, param: lastId }'), 'a.yaml');
    if (s?.kind === 'config') expect(s.pagination).toEqual({ type: 'cursor', param: 'lastId', from: 'siteId', maxPages: 200 });
    expect(parseSourceText(minimal('    pagination: { type: cursor, param: minId, from: detailUrl }'), 'a.yaml')[0]).toMatchObject({ pagination: { from: 'detailUrl' } });
    expect(() => parseSourceText(minimal('    pagination: { type: cursor, param: lastId, from: postedAt }'), 'a.yaml')).toThrow(/pagination\.from（postedAt）必须是 siteId 或 list\.fields 中映射的字段/);
  });

  it('keeps the manual- ids for the built-in 手工录入 sources', () => {
    expect(() => parseSourceText(minimal().replace('id: demo', 'id: manual-forwarded'), 'a.yaml')).toThrow(/id 不能以 manual- 开头/);
    expect(parseSourceText(minimal().replace('id: demo', 'id: forwarded-manual'), 'a.yaml')[0]?.id).toBe('forwarded-manual');
  });
  it('explains YAML and JSON syntax mistakes in Chinese, with the line', () => {
    const fails = (text: string, origin = 'a.yaml') => {
      try {
        parseSourceText(text, origin);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    // A line indented too far (line 4, reported at the end of line 3), a tab, a key written twice, "\d" in double quotes, a value with ": ".
    const deeper = fails(minimal().replace('    name: 演示', '      name: 演示'));
    expect(deeper).toMatch(/不是有效的 YAML：第 3 行第 \d+ 列：缩进不对/);
    expect(deeper).not.toMatch(/[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/); // no English sentence from the parser
    expect(fails(minimal().replace('    name: 演示', '\tname: 演示'))).toMatch(/第 4 行第 1 列：缩进用了制表符（Tab）/);
    expect(fails(minimal().replace('    name: 演示', '    name: 演示\n    name: 又一个'))).toMatch(/第 5 行第 5 列：同一层中有重复的字段名[\s\S]*5 \| {5}name: 又一个/);
    expect(fails(minimal().replace("title: 'a'", 'title: { selector: a, regex: "id=(\\d+)" }'))).toMatch(/第 9 行.*双引号中的反斜杠写法无效.*请用单引号/);
    expect(fails(minimal().replace('name: 演示', 'name: 演示: 区长信箱'))).toMatch(/第 4 行.*值中含“: ”时请给整个值加引号/);
    expect(fails(minimal().replace("      items: 'ul > li'", "     items: 'ul > li'"))).toMatch(/第 9 行第 1 列：缩进不对：同一层的字段要用同样多的空格对齐/);
    expect(fails('{"sources": [ {"id": "x",} ]}', 'a.json')).toMatch(/不是有效的 JSON：第 1 行第 26 列附近格式错误/);
    expect(fails('', 'a.yaml')).toMatch(/来源文件 a\.yaml 是空的：应以 sources: 开头/);
  });
  it('names the line of a bad field, and the key a mistyped one was meant to be', () => {
    const fails = (text: string) => () => parseSourceText(text, 'a.yaml');
    // The mistyped key is named, not the key it stands for as missing.
    expect(fails(minimal().replace('startUrls:', 'startUrl:'))).toThrow(/来源 demo：sources\[0\] 中有未知字段：startUrl（是否应为 startUrls？）（第 6 行）/);
    expect(fails(minimal().replace("title: 'a'", "titel: 'a'"))).toThrow(/list\.fields 中有未知字段：titel（是否应为 title？）（第 9 行）/);
    expect(fails(minimal().replace("title: 'a'", 'title: { selctor: a }'))).toThrow(/list\.fields\.title 中有未知字段：selctor（是否应为 selector？）（第 9 行）/);
    expect(fails(minimal().replace("title: 'a'", 'title: { foo: a }'))).toThrow(/中有未知字段：foo（第 9 行）$/);
    // A missing field: the line of the source that lacks it.
    expect(fails(minimal().replace('    name: 演示\n', ''))).toThrow(/缺少必填字段 sources\[0\]\.name（第 3 行）/);
    expect(fails(minimal().replace('district_mailbox', 'mailbox'))).toThrow(/channel 的值无效.*（第 5 行）/);
    expect(fails(minimal().replace("title: 'a'", "title: { selector: a, regex: '(' }"))).toThrow(/list\.fields\.title\.regex 的正则表达式无效：\(（检查括号是否配对.*（第 9 行）/);
  });
  it('warns of a valid file that likely does not do what the centre meant', () => {
    const city = parseSourceText(minimal().replace('district_mailbox', 'city_mailbox'), 'a.yaml');
    // QA: accepted in silence; every district's messages would become this district's cases.
    expect(sourceFileWarnings(city)).toEqual([expect.stringMatching(/^来源 demo 是市长信箱，但没有 scope：全市各区县的留言都会登记为本区案件/)]);
    const named = parseSourceText(minimal("    scope: { district: [印台区] }").replace('district_mailbox', 'city_mailbox'), 'a.yaml');
    expect(sourceFileWarnings(named)).toEqual([expect.stringMatching(/^来源 demo 的 scope\.gazetteer 为空/)]);
    const twice = parseSourceText(`${minimal()}${minimal().replace('sources:\n', '').replace('id: demo', 'id: demo2')}`, 'a.yaml');
    expect(sourceFileWarnings(twice)).toEqual(['来源 demo 和 demo2 的起始网址相同（http://127.0.0.1:1/list_1.html）：同一批留言会以两个来源各登记一次']);
    expect(sourceFileWarnings(parseSourceText(minimal(), 'a.yaml'))).toEqual([]);
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
