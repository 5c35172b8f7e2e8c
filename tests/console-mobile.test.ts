/**
 * The console on a phone (375×812, touch), as a district leader, the supervision office and the
 * e-government centre's clerk use it: the pages walked never scroll sideways as a whole, the ledger
 * shows one card per case with its 状态 and 办理时限 on screen, the pinned header stays small and its
 * menu shows that it scrolls, the bulletin's charts fit the screen with their 12px text at 12px,
 * and the buttons are visible, on top, at least 40 px tall and tapped without force: a leader
 * approves a 拟办 and a reply, 督查室 passes a report in 审核 (led from the case's head to its steps,
 * which come after the whole event log in one column), the clerk registers a case in 分类审核,
 * 区政府办 ticks two cases with a finger and proposes them at once (批量拟办). The charts follow the
 * phone when it turns, and 建议准确率's tables keep every text column readable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright';
import { proposeHandling, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { openConsoleFixture, password, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
let proposed: string;
let reply: string;
let report: string;
let toReview: string;
/** Two 已登记 cases with a suggested unit, for 区政府办's 批量拟办. */
const toPropose: string[] = [];

beforeAll(async () => {
  f = await openConsoleFixture();
  const db = f.store.db;
  const letter = '王家河小区从周一开始停水，已经三天了，请尽快恢复供水。小区内有老人和小孩，生活非常不便，物业说是管网维修但没有任何通知。';
  proposed = await f.addMessage({ title: '王家河小区停水三天，老人小孩生活不便，请尽快恢复供水', content: letter.repeat(3), category: '求助', confidence: 0.9, unit: '区水务局' });
  await registerCase(db, { caseId: proposed, category: '求助', actor: f.actors.egov });
  await proposeHandling(db, { caseId: proposed, unitId: 'u-water', opinion: '请区水务局核实停水原因，尽快恢复供水并答复网民', actor: f.actors.office });
  reply = await f.addMessage({ title: '新华路公交站牌倒了', content: '新华路公交站牌被风刮倒，无人处理。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(reply, 'u-roads');
  await submitReport(db, { caseId: reply, text: '经核实，新华路公交站牌已于当日重新安装加固，恢复正常使用。感谢您对我区工作的关心和支持。', actor: f.actors.roads });
  await reviewReport(db, { caseId: reply, accept: true, note: '办理情况属实', actor: f.actors.supervision });
  report = await f.addMessage({ title: '城关街道路灯不亮', content: '城关街道路灯不亮半个月了，晚上出行不安全。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(report, 'u-roads');
  await submitReport(db, { caseId: report, text: '经核实，城关街道路灯线路老化，已于本周更换线路，恢复照明。感谢您的监督。', actor: f.actors.roads });
  // Awaiting 分类审核, with the classifier's keywords (the explanation chips).
  toReview = await f.addMessage({ title: '新华路路面破损积水，雨天车辆通行困难，请尽快修补', content: '新华路路面破损，雨天积水严重，车辆通行困难，请尽快修补。', category: '投诉', confidence: 0.95, explanation: ['破损', '积水', '通行困难'], unit: '区交通运输局' });
  for (const title of ['城关街道下水道堵塞，污水漫到路面', '新华路人行道地砖松动，老人容易绊倒']) {
    const id = await f.addMessage({ title, content: `${title}，请尽快处理。`, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(db, { caseId: id, category: '投诉', actor: f.actors.egov });
    toPropose.push(id);
  }
  // Overdue cases of past weeks: the board's lists, the bulletin's weekly columns and unit bars.
  for (let i = 0; i < 4; i++) {
    const id = await f.addMessage({ title: `印台大道第${i + 1}段路面坑洼严重影响通行`, content: '路面坑洼，车辆通行困难。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(id, 'u-roads', new Date(Date.now() - (i + 2) * 5 * 86_400_000));
  }
}, 240_000);

afterAll(async () => {
  await f?.close();
});

/** A phone's browser signed in as `username`. */
async function phone(browser: Browser, username: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(f.url);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('#logout');
  return { page, close: () => context.close() };
}

/** The page's width against the window's: more means the whole page scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth }));

/** The button is shown, inside the window's width, and is what a tap on its middle reaches (no header or toast over it). */
async function expectTappable(button: Locator): Promise<void> {
  await button.scrollIntoViewIfNeeded();
  const hit = await button.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { left: Math.round(r.left), right: Math.round(r.right), onTop: top !== null && el.contains(top), width: innerWidth };
  });
  expect(hit).toMatchObject({ onTop: true });
  expect(hit.left).toBeGreaterThanOrEqual(0);
  expect(hit.right).toBeLessThanOrEqual(hit.width);
}

/** Opens an action form's details on the case page and taps its submit button (no force). */
async function tapAction(page: Page, action: string): Promise<void> {
  const form = page.locator(`form[data-action="${action}"]`);
  await page.locator('#case-actions details', { has: form }).locator('summary').click();
  const submit = form.locator('button[type="submit"]');
  await expectTappable(submit);
  await submit.click({ timeout: 10_000 });
}

const state = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).state;

describe('console on a phone: the leader', () => {
  it('reads the board, 待我办理, a case, the bulletin and the ledger without sideways scrolling', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    const errors = watchPageErrors(page);
    try {
      for (const hash of ['#/board', '#/ledger?todo=true', `#/case/${proposed}`, '#/bulletin', '#/ledger']) {
        await page.goto(`${f.url}/${hash}`);
        await page.waitForSelector(hash.startsWith('#/case') ? '#timeline' : 'main h2');
        if (hash === '#/bulletin') await page.waitForSelector('#chart-ontime svg');
        if (hash.startsWith('#/ledger')) await page.waitForSelector('#ledger tbody tr[data-case-id]');
        expect({ hash, ...(await pageWidth(page)) }).toEqual({ hash, scrollWidth: 375, innerWidth: 375 });
      }

      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows the ledger as one card per case, its 状态 and 办理时限 on screen, a tap opening the case', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    try {
      await page.goto(`${f.url}/#/ledger`);
      await page.waitForSelector('#ledger tbody tr[data-case-id]');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
      // Neither the page nor the ledger scrolls sideways (the table did, to reach 状态 and 办理时限).
      const ledger = await page.locator('#ledger').evaluate((t) => ({ scrollWidth: t.scrollWidth, clientWidth: t.clientWidth, right: t.getBoundingClientRect().right }));
      expect(ledger.scrollWidth).toBeLessThanOrEqual(ledger.clientWidth);
      expect(ledger.right).toBeLessThanOrEqual(375);
      const cards = await page.locator('#ledger tbody tr[data-case-id]').evaluateAll((rows) =>
        rows.map((tr) => {
          const box = (sel: string) => {
            const r = tr.querySelector(sel)!.getBoundingClientRect();
            return { left: r.left >= 0, right: r.right <= innerWidth, shown: r.width > 0 && r.height > 0 };
          };
          return { no: box('a'), title: box('.title-cell'), state: box('.state-cell'), due: box('.due-cell'), unit: box('.unit-cell'), overdue: tr.classList.contains('overdue') };
        }),
      );
      expect(cards.length).toBeGreaterThanOrEqual(7);
      const onScreen = { left: true, right: true, shown: true };
      for (const card of cards) expect(card).toEqual({ no: onScreen, title: onScreen, state: onScreen, due: onScreen, unit: onScreen, overdue: expect.any(Boolean) });
      // The overdue cases keep the overdue marks (the card's tint, the 逾期 badge).
      const overdue = page.locator('#ledger tbody tr.overdue').first();
      expect(await overdue.evaluate((tr) => getComputedStyle(tr).backgroundColor)).toBe('rgb(255, 245, 245)');
      expect(await overdue.locator('.due-cell .badge.danger').textContent()).toContain('逾期');
      // A tap on a card (its title) opens the case.
      const first = page.locator('#ledger tbody tr[data-case-id]').first();
      const id = await first.getAttribute('data-case-id');
      await first.locator('.title-cell').tap();
      await page.waitForSelector('#timeline');
      expect(page.url()).toContain(`#/case/${id}`);
    } finally {
      await close();
    }
  });

  it('keeps a date and its time on one line on the case page', async () => {
    // QA: 「2026/12/2 19:38:16」 at the end of the letter's line broke after the date on a phone,
    // the time alone on the next line.
    const { page, close } = await phone(f.browser, 'leader');
    try {
      await page.goto(`${f.url}/#/ledger`);
      await page.locator('#ledger tbody tr[data-case-id] .title-cell').first().tap();
      await page.waitForSelector('#timeline time');
      // Where each piece of the letter's line sits: the date and the time of its end on one line.
      const tops = await page.locator('.case-main .meta').first().evaluate((meta) => {
        const walker = document.createTreeWalker(meta, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const text = walker.currentNode.textContent ?? '';
          const at = text.search(/\d{4}\/\d{1,2}\/\d{1,2}/u);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(walker.currentNode, at);
          range.setEnd(walker.currentNode, text.length);
          return [...range.getClientRects()].map((r) => Math.round(r.top));
        }
        throw new Error('no date on the letter line');
      });
      expect(new Set(tops).size).toBe(1);
    } finally {
      await close();
    }
  });

  it('keeps the pinned header small, its menu showing that it scrolls', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    try {
      await page.goto(`${f.url}/#/ledger`);
      await page.waitForSelector('main h2');
      const header = await page.evaluate(() => {
        const nav = document.getElementById('nav')!;
        return { height: document.getElementById('top')!.getBoundingClientRect().height, scrolls: nav.scrollWidth > nav.clientWidth, hint: getComputedStyle(nav).backgroundImage };
      });
      expect(header.height).toBeLessThanOrEqual(64);
      expect(header.scrolls).toBe(true);
      // The shadow at the edge with more items behind it.
      expect(header.hint).toContain('linear-gradient');
    } finally {
      await close();
    }
  });

  it('draws the bulletin\'s charts inside the screen, their 12px text at 12px', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    try {
      // They were drawn at 560-640 px and shrunk to the screen: 12px labels shown at 6px.
      await page.goto(`${f.url}/#/bulletin`);
      await page.waitForSelector('#chart-ontime svg');
      const charts = await page.locator('svg.chart').evaluateAll((svgs) =>
        svgs.map((svg) => {
          const r = svg.getBoundingClientRect();
          const box = (svg as SVGSVGElement).viewBox.baseVal;
          return { right: Math.round(r.right), scale: Math.round((r.width / box.width) * 100) / 100, labels: [...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().right).filter((x) => x > innerWidth).length };
        }),
      );
      expect(charts.length).toBeGreaterThanOrEqual(3);
      for (const chart of charts) expect(chart).toEqual({ right: expect.any(Number), scale: 1, labels: 0 });
      for (const chart of charts) expect(chart.right).toBeLessThanOrEqual(375);
    } finally {
      await close();
    }
  });

  it('draws the charts again to the new width when the phone turns, and leaves no listener behind', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    try {
      // Counts the window's resize listeners, to see the bulletin's go when the page is left.
      await page.addInitScript(() => {
        const w = window as unknown as { resizeListeners: number };
        w.resizeListeners = 0;
        const add = window.addEventListener.bind(window);
        const remove = window.removeEventListener.bind(window);
        window.addEventListener = ((type: string, ...rest: [EventListenerOrEventListenerObject, unknown?]) => {
          if (type === 'resize') w.resizeListeners++;
          return add(type, ...(rest as [EventListenerOrEventListenerObject]));
        }) as typeof window.addEventListener;
        window.removeEventListener = ((type: string, ...rest: [EventListenerOrEventListenerObject, unknown?]) => {
          if (type === 'resize') w.resizeListeners--;
          return remove(type, ...(rest as [EventListenerOrEventListenerObject]));
        }) as typeof window.removeEventListener;
      });
      await page.reload();
      await page.waitForSelector('#logout');
      const listeners = () => page.evaluate(() => (window as unknown as { resizeListeners: number }).resizeListeners);
      await page.goto(`${f.url}/#/bulletin`);
      await page.waitForSelector('#chart-ontime svg');
      // Each chart's drawn width, shown width, and the width of its box (the room inside its card).
      const widths = () =>
        page.locator('svg.chart').evaluateAll((svgs) => svgs.map((svg) => ({ drawn: (svg as SVGSVGElement).viewBox.baseVal.width, shown: Math.round(svg.getBoundingClientRect().width), room: svg.closest('figure')!.clientWidth })));
      const upright = await widths();
      expect(upright.length).toBeGreaterThanOrEqual(3);
      for (const chart of upright) expect(chart.drawn).toBeLessThanOrEqual(Math.min(chart.room, 375 - 40));
      // Turned: each chart drawn to its card's width again, no longer the 322 px of the upright phone.
      await page.setViewportSize({ width: 812, height: 375 });
      await expect.poll(async () => Math.min(...(await widths()).map((c) => c.drawn)), { timeout: 5_000 }).toBeGreaterThan(375);
      for (const chart of await widths()) expect(chart).toEqual({ drawn: chart.shown, shown: expect.any(Number), room: expect.any(Number) });
      expect(await pageWidth(page)).toEqual({ scrollWidth: 812, innerWidth: 812 });
      // And back upright: inside the screen again, the page not scrolling sideways.
      await page.setViewportSize({ width: 375, height: 812 });
      await expect.poll(async () => Math.max(...(await widths()).map((c) => c.drawn - Math.min(c.room, 375 - 40))), { timeout: 5_000 }).toBeLessThanOrEqual(0);
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
      // The bulletin's listener goes with the page (the console is one page: its router tears pages down).
      expect(await listeners()).toBe(1);
      await page.goto(`${f.url}/#/ledger`);
      await page.waitForSelector('#ledger tbody tr[data-case-id]');
      expect(await listeners()).toBe(0);
    } finally {
      await close();
    }
  });

  it('approves a 拟办 and then a reply with taps, the buttons on top and on screen', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    try {
      await page.goto(`${f.url}/#/case/${proposed}`);
      await page.waitForSelector('#timeline');
      await tapAction(page, 'approve_proposal');
      await expect.poll(() => state(proposed)).toBe('approved');
      // Straight on to the reply, while the toast of the approval is still shown.
      await page.goto(`${f.url}/#/case/${reply}`);
      await page.waitForSelector('#timeline');
      expect(await page.locator('.toast').count()).toBeGreaterThan(0);
      await tapAction(page, 'approve_reply');
      await expect.poll(() => state(reply)).toBe('reply_approved');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
    } finally {
      await close();
    }
  });
});

/**
 * Where the case page's 可办理的步骤 begins against the window: below it, or on screen under the
 * pinned header (just under it, or lower where the page ends before the steps could reach it).
 */
const actionsPlace = (page: Page) =>
  page.locator('#case-actions').evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const header = document.querySelector('header#top')!.getBoundingClientRect().bottom;
    return top >= innerHeight ? 'below' : top >= header - 1 && top < innerHeight * 0.75 ? 'on screen' : `at ${Math.round(top)}, header ${Math.round(header)}`;
  });

describe('console on a phone: 督查室', () => {
  it('has no 可办理的步骤 ↓ on a desktop, where the steps stand beside the case', async () => {
    const { context, page } = await f.signIn('duchashi', { viewport: { width: 1366, height: 768 } });
    try {
      await page.goto(`${f.url}/#/case/${report}`);
      await page.waitForSelector('#timeline');
      expect(await page.locator('#case-jump-actions').count()).toBe(1);
      expect(await page.locator('#case-jump-actions').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('passes a report in 审核 with a tap, led to the steps from the top of the case (QA: they came after the whole event log)', async () => {
    const { page, close } = await phone(f.browser, 'duchashi');
    try {
      await page.waitForSelector('main h2');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
      await page.goto(`${f.url}/#/case/${report}`);
      await page.waitForSelector('#timeline');
      expect(await actionsPlace(page)).toBe('below');
      const jump = page.locator('#case-jump-actions');
      expect(await jump.textContent()).toMatch(/^可办理的步骤（\d+）↓$/);
      await expectTappable(jump);
      await jump.click();
      await expect.poll(() => actionsPlace(page)).toBe('on screen');
      await tapAction(page, 'accept_report');
      await expect.poll(() => state(report)).toBe('reviewed');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
    } finally {
      await close();
    }
  });
});

describe('console on a phone: the other pages', () => {
  it('walks 建议准确率, 采集来源, 数据导出 and 分类审核 without sideways scrolling, every button a finger high', async () => {
    for (const [user, hash, ready] of [
      ['duchashi', '#/accuracy', 'main h2'],
      ['duchashi', '#/sources', '#sources'],
      ['duchashi', '#/export', '#export-start'],
      ['egov', '#/review', '#accept'],
    ] as const) {
      const { page, close } = await phone(f.browser, user);
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${f.url}/${hash}`);
        await page.waitForSelector(ready);
        expect({ hash, ...(await pageWidth(page)) }).toEqual({ hash, scrollWidth: 375, innerWidth: 375 });
        const small = await page.locator('main button:visible, main a.button:visible').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().height < 40).map((e) => e.textContent));
        expect({ hash, small }).toEqual({ hash, small: [] });
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }
  });

  it('建议准确率: no text column squeezed below six characters a line, the page not scrolling sideways', async () => {
    const { page, close } = await phone(f.browser, 'duchashi');
    try {
      await page.goto(`${f.url}/#/accuracy`);
      await page.waitForSelector('#accuracy-values tbody tr');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
      // A cell whose text takes more than one line: the room it has, in characters of its font.
      const squeezed = await page.locator('main table.grid td').evaluateAll((tds) =>
        tds.flatMap((td) => {
          const style = getComputedStyle(td);
          const fontSize = parseFloat(style.fontSize);
          const room = td.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          // The lines its text takes: the distinct tops of the text's boxes (the cell itself is as tall as its row).
          const range = document.createRange();
          range.selectNodeContents(td);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          return lines > 1 && room / fontSize < 6 ? [`${td.closest('table')!.id}: ${td.textContent}（${lines} 行，${Math.round(room / fontSize)} 字宽）`] : [];
        }),
      );
      expect(squeezed).toEqual([]);
      // The notes of 复杂程度、紧急程度、承办单位、重复留言 read on the screen.
      for (const box of await page.locator('#accuracy-values td').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect()))) {
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(375);
      }
    } finally {
      await close();
    }
  });

  it('分类审核: the clerk reads the suggestion and registers a case with a tap on 确认', async () => {
    const { page, close } = await phone(f.browser, 'egov');
    try {
      await page.goto(`${f.url}/#/review`);
      await page.locator(`#queue .queue-item[data-case-id="${toReview}"]`).tap();
      await page.waitForSelector('#review-detail .chip');
      expect(await page.locator('#review-detail .chip').allTextContents()).toEqual(['破损', '积水', '通行困难']);
      for (const button of [page.locator('#reject-open'), ...(await page.locator('#review-actions .cat-choice').all())]) {
        await expectTappable(button);
        expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(40);
      }
      const accept = page.locator('#accept');
      await expectTappable(accept);
      expect((await accept.boundingBox())!.height).toBeGreaterThanOrEqual(40);
      await accept.tap();
      await expect.poll(() => state(toReview)).toBe('registered');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
    } finally {
      await close();
    }
  });
});

describe('console on a phone: 区政府办', () => {
  it('ticks two cases with a finger and proposes them with the bar\'s 按建议单位拟办所选 (批量拟办)', async () => {
    const { page, close } = await phone(f.browser, 'office');
    try {
      await page.goto(`${f.url}/#/ledger`);
      await page.waitForSelector('#ledger tbody tr[data-case-id] .propose-pick');
      for (const id of toPropose) {
        const box = page.locator(`#ledger tr[data-case-id="${id}"] input.propose-pick`);
        await box.scrollIntoViewIfNeeded();
        // A finger-sized tick area (40 px across or more): 18 px from the box's middle each way is
        // still the box or its label, not the card (whose tap opens the case).
        const reach = await box.evaluate((input) => {
          const r = input.getBoundingClientRect();
          const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
          const sides: [number, number][] = [[-18, 0], [18, 0], [0, -18], [0, 18]];
          return sides.map(([dx, dy]) => document.elementFromPoint(x + dx, y + dy)?.closest('label')?.control === input);
        });
        expect({ id, reach }).toEqual({ id, reach: [true, true, true, true] });
        // A tap beside the box (left of it, then under it) ticks it and stays on the ledger.
        const r = (await box.boundingBox())!;
        expect(r.x).toBeGreaterThanOrEqual(0);
        const [dx, dy] = id === toPropose[0] ? [-18, 0] : [0, 18];
        await page.touchscreen.tap(r.x + r.width / 2 + dx, r.y + r.height / 2 + dy);
        await expect.poll(() => box.isChecked()).toBe(true);
        expect(page.url()).toContain('#/ledger');
      }
      expect(await page.locator('#ledger .propose-pick:checked').count()).toBe(2);
      const propose = page.locator('#ledger-propose-suggested');
      await expect.poll(() => propose.textContent()).toBe('按建议单位拟办所选（2 件）');
      await expectTappable(propose);
      expect((await propose.boundingBox())!.height).toBeGreaterThanOrEqual(40);
      await propose.tap();
      for (const id of toPropose) await expect.poll(() => state(id)).toBe('proposed');
      const proposals = await f.store.db.proposal.findMany({ where: { caseId: { in: toPropose } } });
      expect(proposals.map((p) => p.unitId).sort()).toEqual(['u-roads', 'u-roads']);
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
    } finally {
      await close();
    }
  });
});
