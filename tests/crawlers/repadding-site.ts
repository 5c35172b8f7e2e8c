/**
 * A small district mailbox on 127.0.0.1 that re-numbers its letters overnight by zero-padding their
 * ids (`4` becomes `0004`, `/letter/4.html` becomes `/letter/0004.html`; the same letters, the same
 * text), with a source file for it. Twelve distinct letters (sites' demoLetters, one per topic),
 * five to a list page; a letter can be answered (status and reply). After the re-padding the old
 * addresses answer 404, as on a site whose pages are looked up by the text of the id, or, with
 * `oldAddressesServed`, still show the letter, as on one that reads the id as a number.
 */
import { parseSourceText, type SourceDefinition } from '../../crawlers/index.js';
import { demoLetters } from '../../sites/index.js';
import type { Page } from './fixtures/mailbox-layouts/html.js';
import { serve } from './fixtures/mailbox-layouts/serve.js';
import { mailboxSourceYaml } from './fixtures/hostile-mailbox.js';

export interface RepaddedLetter {
  no: number;
  title: string;
  content: string;
  status: string;
  reply?: string;
  /** The id the site shows for it, when not its number padded as the site pads now. */
  id?: string;
}

export interface RepaddingSite {
  url: string;
  letters: RepaddedLetter[];
  /** Digits the ids are padded to (0: none). */
  pad: number;
  /** After a re-padding, the old spelling's address still shows the letter (else 404). */
  oldAddressesServed: boolean;
  /** The site id of letter `no` as the site spells it now (its own `id`, else the number padded to `pad` digits). */
  idOf(no: number): string;
  /** Paths served, in order. */
  paths: string[];
  close(): Promise<void>;
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const page = (body: string): Page => ({ type: 'text/html; charset=utf-8', body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>区长信箱</title></head><body>${body}</body></html>` });

/** Twelve letters numbered 1 to 12, newest (12) first, awaiting a reply. */
export function twelveLetters(): RepaddedLetter[] {
  const pool = demoLetters();
  return Array.from({ length: 12 }, (_, i) => {
    const letter = pool[(11 - i) * 54]!;
    return { no: 12 - i, title: letter.title, content: letter.content, status: '待回复' };
  });
}

export async function startRepaddingSite(letters: RepaddedLetter[], pageSize = 5): Promise<RepaddingSite> {
  const shown = (l: RepaddedLetter) => l.id ?? String(l.no).padStart(site.pad, '0');
  const listPage = (n: number) => {
    const items = site.letters.slice((n - 1) * pageSize, n * pageSize);
    const rows = items.map((l) => `<tr><td class="no">${shown(l)}</td><td><a href="/letter/${shown(l)}.html">${esc(l.title)}</a></td><td class="st">${l.status}</td></tr>`).join('');
    const next = n * pageSize < site.letters.length ? `<a class="next" href="/list?page=${n + 1}">下一页</a>` : '';
    return page(`<table class="l"><tr><th>编号</th><th>标题</th><th>状态</th></tr>${rows}</table><div class="pager">${next}</div>`);
  };
  const detailPage = (l: RepaddedLetter) =>
    page(`<h1>${esc(l.title)}</h1><span class="t">2026-11-${String((l.no % 28) + 1).padStart(2, '0')} 09:30</span><div class="c">${esc(l.content)}</div><p class="s">${l.status}</p>${l.reply ? `<div class="r">${esc(l.reply)}</div>` : ''}`);
  /** Every page the site answers now: the lists, and each letter's page (also at its plain and earlier paddings' addresses when those are still served). */
  const pages = () => {
    const all = new Map<string, Page>([['/list', listPage(1)]]);
    for (let n = 1; (n - 1) * pageSize < site.letters.length; n++) all.set(`/list?page=${n}`, listPage(n));
    for (const l of site.letters) {
      const spellings = site.oldAddressesServed && l.id === undefined ? Array.from({ length: site.pad + 1 }, (_, width) => String(l.no).padStart(width, '0')) : [shown(l)];
      for (const id of spellings) all.set(`/letter/${id}.html`, detailPage(l));
    }
    return all;
  };
  const served = await serve(pages);
  const site: RepaddingSite = {
    url: served.url,
    letters,
    pad: 0,
    oldAddressesServed: false,
    idOf: (no) => shown(site.letters.find((l) => l.no === no) ?? { no, title: '', content: '', status: '' }),
    paths: served.requested,
    close: served.close,
  };
  return site;
}

/** The site's source file (the hostile mailbox's: the same table list and letter page), open letters revisited at every run. */
export function repaddingSource(site: RepaddingSite, id = 'repadding'): SourceDefinition {
  const [source] = parseSourceText(mailboxSourceYaml(site.url, '    watch: { revisitOpenAfter: 0 }', id), `${id}.yaml`);
  return source as SourceDefinition;
}
