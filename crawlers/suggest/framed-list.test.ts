import { describe, expect, it } from 'vitest';
import { loadPage } from './css-path.js';
import { findFramedList, framedPages } from './framed-list.js';

const site = 'http://127.0.0.1:8000';
const page = (body: string, head = '') => `<html><head>${head}</head><body>${body}</body></html>`;
const framesOf = (html: string, url = `${site}/hdjl/index.html`) => framedPages(loadPage(html), url).map((f) => `${f.url}${f.byScript ? ' (script)' : ''}`);

describe('framedPages', () => {
  it('reads frame addresses a script writes as quoted literals, resolved against the page', () => {
    expect(framesOf(page(`<script>document.write('<iframe src="list.jsp?lm=1" width="100%"></iframe>');</script>`))).toEqual([`${site}/hdjl/list.jsp?lm=1 (script)`]);
    expect(framesOf(page(`<script>document.writeln("<IFRAME name=f SRC=\\"/mail/list.do\\"></IFRAME>");</script>`))).toEqual([`${site}/mail/list.do (script)`]);
    expect(framesOf(page(`<iframe id="f"></iframe><script>$(function () { $('#f').attr('src', 'a.jsp?x=2'); });</script>`))).toEqual([`${site}/hdjl/a.jsp?x=2 (script)`]);
    expect(framesOf(page(`<frameset><frame name="main"></frameset><script>window.onload = function () { frames['main'].location.href = '/m/list.jsp'; }</script>`))).toEqual([`${site}/m/list.jsp (script)`]);
    expect(framesOf(page(`<div id="box"></div><script>var f = document.createElement('iframe'); f.src = 'l.jsp'; box.appendChild(f);</script>`))).toEqual([`${site}/hdjl/l.jsp (script)`]);
  });

  it('leaves out addresses built in code, an image\'s or the window\'s, and takes the HTML\'s frames first', () => {
    const html = page(`<iframe id="f" src="/a.html"></iframe><script>
      document.write('<iframe src="' + base + 'list.jsp"></iframe>');
      var img = new Image(); img.src = '/count.gif';
      if (top != self) top.location.href = '/index.html';
      window.location = '/moved.html';
      document.getElementById('f').src = 'b.html';
    </script>`);
    expect(framesOf(html)).toEqual([`${site}/a.html`, `${site}/hdjl/b.html (script)`]);
    // The same call on an element that is no frame of the page (an image's id) is not read.
    expect(framesOf(page(`<img id="pic"><script>document.getElementById('pic').src = 'p.jsp';</script>`))).toEqual([]);
  });
});

describe('findFramedList', () => {
  const holdsList = (html: string) => html.includes('LIST');
  /** Reads pages from a map, counting the reads of each. */
  function pages(map: Record<string, string>) {
    const reads: string[] = [];
    return { reads, read: async (url: string) => (reads.push(url), map[url.slice(site.length)]) };
  }

  it('finds a list three frames down through a loop back to the top, reading each page once', async () => {
    const { reads, read } = pages({
      '/a.html': page('<frameset><frame src="b.html"><frame src="a.html"></frameset>'),
      '/b.html': page('<iframe src="a.html"></iframe><iframe src="c.html"></iframe>'),
      '/c.html': page('<iframe src="b.html"></iframe><iframe src="list.jsp"></iframe>'),
      '/list.jsp': 'LIST',
    });
    const found = await findFramedList(`${site}/a.html`, (await read(`${site}/a.html`))!, read, holdsList);
    expect(found?.chain).toEqual([`${site}/a.html`, `${site}/b.html`, `${site}/c.html`, `${site}/list.jsp`]);
    expect(reads.toSorted()).toEqual([`${site}/a.html`, `${site}/b.html`, `${site}/c.html`, `${site}/list.jsp`]);
  });

  it('ends on pages framing each other with no list, and does not go four frames down', async () => {
    const loop = pages({ '/a.html': page('<iframe src="b.html"></iframe>'), '/b.html': page('<iframe src="a.html"></iframe><iframe src="b.html"></iframe>') });
    expect(await findFramedList(`${site}/a.html`, (await loop.read(`${site}/a.html`))!, loop.read, holdsList)).toBeUndefined();
    expect(loop.reads).toEqual([`${site}/a.html`, `${site}/b.html`]);
    const deep = pages({ '/1.html': page('<iframe src="2.html">'), '/2.html': page('<iframe src="3.html">'), '/3.html': page('<iframe src="4.html">'), '/4.html': 'LIST' });
    expect(await findFramedList(`${site}/0.html`, page('<iframe src="1.html">'), deep.read, holdsList)).toBeUndefined();
    expect(deep.reads).not.toContain(`${site}/4.html`);
  });
});
