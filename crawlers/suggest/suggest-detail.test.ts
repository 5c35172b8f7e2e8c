import { describe, expect, it } from 'vitest';
import { htmlField } from '../extract/fields.js';
import { loadPage } from './css-path.js';
import { suggestDetail } from './suggest-detail.js';

const people = ['王先生', '李女士', '赵先生', '孙女士'];
/** A line of labels opening with a time of the site's own (受理时间) and no 来信时间. */
const acceptedOnly = (name: string, i: number) =>
  `<html><body><table><tr><td>受理时间：2023-06-1${i} 08:30:00来信人：${name}办理状态：已办结</td></tr><tr><td>来信内容：第${i}封信的内容，写得足够长，可以当作正文来读取。</td></tr></table></body></html>`;

describe('a time label of the site\'s own ending with a known one', () => {
  it('is not read as the letter\'s time, and is said in a note when the page prints no other', () => {
    const pages = people.map((name, i) => ({ url: `http://x/${i}`, html: acceptedOnly(name, i) }));
    const draft = suggestDetail(pages);
    expect(draft.fields.postedAt).toBeUndefined();
    expect(draft.notes.join('\n')).toContain('详情页上只有“受理时间”，没有来信时间');
    const author = draft.fields.author;
    expect(author).toBeDefined();
    const read = (html: string) => {
      const $ = loadPage(html);
      return htmlField($, $.root(), author!);
    };
    expect(pages.map((p) => read(p.html))).toEqual(people);
  });
});
