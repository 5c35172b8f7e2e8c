import { describe, expect, it } from 'vitest';
import { appendSourceText } from './append-source.js';
import { parseSourceText } from './load-source-file.js';

const draft = `# 由 minsheng sources suggest 生成的草稿
# 注意：请核对
sources:
  - id: drafted
    name: 网民来信
    channel: other_web
    startUrls:
      - http://127.0.0.1:8000/letters
    list:
      items: div.item
      fields:
        title: h3 a
        content: div.text
        detailUrl: { selector: h3 a, attr: href }
        siteId: { selector: h3 a, attr: href }
`;

const file = `# 本区的来源：手写的注释要保留
sources:
  # 区长信箱
  - id: mailbox
    name: 区长信箱
    channel: district_mailbox
    startUrls: ['http://127.0.0.1:{{demoPort}}/list_1.html']
    list: { items: 'ul > li', fields: { title: a, content: p, detailUrl: { selector: a, attr: href }, siteId: { selector: a, attr: href } } }
`;

const ids = (text: string) => parseSourceText(text, 'sources.yaml', { vars: { demoPort: 3100 } }).map((s) => s.id);

describe('appendSourceText', () => {
  it('adds the draft as the last item, the file before it kept byte for byte', () => {
    const out = appendSourceText(file, draft, ['由控制台加入']);
    expect(out.startsWith(file)).toBe(true);
    expect(out.slice(file.length)).toMatch(/^ {2}# 由控制台加入\n {2}- id: drafted\n {4}name: 网民来信\n/);
    expect(ids(out)).toEqual(['mailbox', 'drafted']);
  });

  it('follows the file: items at the left margin, CRLF line ends, no final line end, a byte order mark', () => {
    const flush = '\uFEFFsources:\r\n- id: mailbox\r\n  name: 区长信箱\r\n  channel: district_mailbox\r\n  startUrls: [http://a.example/]\r\n  list: { items: li, fields: { title: a, content: p, detailUrl: { selector: a, attr: href }, siteId: { selector: a, attr: href } } }';
    const out = appendSourceText(flush, draft);
    expect(out.startsWith(`${flush}\r\n- id: drafted\r\n  name: 网民来信\r\n`)).toBe(true);
    expect(ids(out)).toEqual(['mailbox', 'drafted']);
    // A file that is the list itself.
    const bare = '- id: mailbox\n  name: 区长信箱\n  channel: district_mailbox\n  startUrls: [http://a.example/]\n  list: { items: li, fields: { title: a, content: p, detailUrl: { selector: a, attr: href }, siteId: { selector: a, attr: href } } }\n';
    expect(ids(appendSourceText(bare, draft))).toEqual(['mailbox', 'drafted']);
  });

  it('refuses a file it cannot append to, in staff\'s words', () => {
    expect(() => appendSourceText(`sources:\n  - id: a\ngazetteer: x\n`, draft)).toThrow('来源文件的 sources: 列表不在文件末尾，无法自动追加：请下载草稿后手工加入');
    expect(() => appendSourceText(`sources: [{ id: a }]\n`, draft)).toThrow('不是逐行书写');
    expect(() => appendSourceText(`sources: [\n`, draft)).toThrow('来源文件不是有效的 YAML');
  });
});
