/**
 * A "Trojan source" spoof on the console: bidi controls (an RLO U+202E reorders the rest of a line,
 * isolates hide words) in text stored before intake dropped them (pipeline/stages/normalize-message.ts),
 * written here straight into the store as such an old row would be: a title, a letter, a writer's
 * name, a unit name typed by staff, a source's name. In a real browser, the review page, the ledger
 * and the case page show each control as U+FFFD (web/console/js/dom.js shown), in text and in the
 * tooltips and labels staff read, and the store keeps the text as it was (evidence).
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const ids: Record<string, string> = {};
// Reads 北关街路灯已修好 to staff when the override is honoured: the complaint hidden.
const spoofTitle = '北关街路灯\u202e好修已\u202c不亮';
const spoofContent = '路灯坏了一个月\u2067，已修好\u2069，请尽快维修。联系电话\u202e0008310831\u202c';

beforeAll(async () => {
  f = await openConsoleFixture();
  ids.awaiting = await f.addMessage({ title: '北关街路灯不亮', content: '路灯坏了一个月，请尽快维修。', author: '孙磊', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  ids.assigned = await f.addMessage({ title: '罗寨村道路坑洼', content: '罗寨村道路坑洼，请修补。', author: '郑强', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(ids.assigned, 'u-roads');
  // Old rows: written as they were stored before intake dropped the controls (no intake here).
  const db = f.store.db;
  for (const caseId of [ids.awaiting, ids.assigned]) {
    await db.case.update({ where: { id: caseId }, data: { title: spoofTitle } });
    await db.message.updateMany({ where: { caseId }, data: { title: spoofTitle, content: spoofContent, author: '孙\u202e磊' } });
  }
  await db.unit.update({ where: { id: 'u-roads' }, data: { name: '区交通\u2066运输\u2069局' } });
  await db.source.update({ where: { id: 'src-district_mailbox' }, data: { name: '印台区\u202b区长信箱\u202c' } });
});

afterAll(async () => {
  await f?.close();
});

const bidi = /[\u202a-\u202e\u2066-\u2069]/u;

/** What staff read on the page: its text and the tooltips and labels of its elements. */
async function readable(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const attrs = [...document.querySelectorAll('[title], [aria-label], [placeholder]')].map((el) => [el.getAttribute('title'), el.getAttribute('aria-label'), el.getAttribute('placeholder')].filter(Boolean).join(' '));
    return document.body.innerText + '\\n' + attrs.join('\\n');
  })()`)) as string;
}

describe('console: bidi controls in stored text', () => {
  it('shows each as U+FFFD on the review page, the ledger and the case page, and keeps the stored text', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    const review = await readable(page);
    expect(review).toContain('北关街路灯\uFFFD好修已\uFFFD不亮');
    expect(review).toContain('联系电话\uFFFD0008310831\uFFFD');
    expect(review).not.toMatch(bidi);

    await page.goto(`${f.url}/#/ledger`);
    await page.waitForSelector(`#ledger tbody tr[data-case-id="${ids.assigned}"]`);
    const ledger = await readable(page);
    expect(ledger).toContain('北关街路灯\uFFFD好修已\uFFFD不亮');
    expect(ledger).toContain('区交通\uFFFD运输\uFFFD局');
    expect(ledger).not.toMatch(bidi);

    await page.goto(`${f.url}/#/case/${ids.assigned}`);
    await page.waitForSelector('#case-content');
    expect(await page.textContent('#case-title')).toBe('北关街路灯\uFFFD好修已\uFFFD不亮');
    const casePage = await readable(page);
    for (const seen of ['孙\uFFFD磊', '印台区\uFFFD区长信箱\uFFFD', '区交通\uFFFD运输\uFFFD局', '，已修好\uFFFD，']) expect(casePage).toContain(seen);
    expect(casePage).not.toMatch(bidi);
    await context.close();

    // The evidence is untouched.
    const stored = await f.store.db.message.findFirstOrThrow({ where: { caseId: ids.assigned } });
    expect([stored.title, stored.content, stored.author]).toEqual([spoofTitle, spoofContent, '孙\u202e磊']);
  });
});
