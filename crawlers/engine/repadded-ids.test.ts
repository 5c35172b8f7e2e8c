/**
 * The watching rules for re-padded ids (repadded-ids.ts, CrawlRun), page by page in the order a
 * test chooses: a known letter moved to another padding of its id, and the move undone when the
 * site turns out to list both spellings (on a later page, before the new one's detail was read)
 * or the new one's page shows another letter.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger, type CrawledMessage } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import type { ListPageResult } from '../extract/pages.js';
import { parseSourceText } from '../source/load-source-file.js';
import type { SourceDefinition } from '../source/schema.js';
import { emptyState, type SourceState } from '../state/types.js';
import { fieldHashes, listHash } from './changes.js';
import { CrawlRun } from './crawl-run.js';

const [source] = parseSourceText(
  `
sources:
  - id: box
    name: 区长信箱
    channel: district_mailbox
    startUrls: ['http://127.0.0.1:41000/list']
    list: { items: tr, fields: { siteId: td.no, title: td.t, detailUrl: { selector: a, attr: href } } }
    detail: { fields: { content: div.c } }
`,
  'box.yaml',
) as [SourceDefinition];

const lamp: RawFields = { title: '北街社区路灯不亮', content: '巷道路灯坏了一个多月。', siteStatus: '待回复' };
const dance: RawFields = { title: '北街社区广场舞噪音扰民', content: '广场舞音响开到十点。', siteStatus: '待回复' };
const url = (id: string) => `http://127.0.0.1:41000/letter/${id}.html`;
const listed = (...ids: string[]): ListPageResult => ({ items: ids.map((siteId) => ({ siteId, fields: { title: siteId === '0003' ? 'x' : lamp.title, detailUrl: url(siteId) } })), problems: [] });

/** A state that knows letter 3 (the lamp), open, at its old address. */
function knowingThree(): SourceState {
  const state = emptyState('box');
  const at = '2026-11-29T00:00:00.000Z';
  state.items['3'] = { listHash: listHash({ title: lamp.title, detailUrl: url('3') }), fieldHashes: fieldHashes(lamp), siteStatus: '待回复', open: true, url: url('3'), detail: { url: url('3') }, firstSeenAt: at, lastSeenAt: at, lastCheckedAt: at };
  return state;
}

function runOver(state: SourceState, handed: CrawledMessage[]): CrawlRun {
  return new CrawlRun(source, state, (item) => ({ url: item.fields.detailUrl as string }), (m) => void handed.push(m), silentLogger);
}

describe('a re-padded id in one run', () => {
  it('moves the known letter to 0003, hands it on under 3 for its new address, and ignores its old address', async () => {
    const state = knowingThree();
    const handed: CrawledMessage[] = [];
    const run = runOver(state, handed);
    const decision = run.onListPage(listed('0003'), url('list'), 0, 'head');
    expect(decision.details.map((d) => [d.siteId, d.request.url])).toEqual([['0003', url('0003')]]);
    expect(Object.keys(state.items)).toEqual(['0003']);
    expect(state.items['0003']).toMatchObject({ storeId: '3', detail: { url: url('0003') } });
    expect(run.renumberedThisRun('3')).toBe(true);
    await run.finishItem('0003', { ...lamp, detailUrl: url('0003') }, decision.details[0]!.listHash, decision.details[0]!.request, {});
    expect(run.report.changes).toEqual([{ siteId: '0003', kind: 'changed', fields: ['url'] }]);
    expect(handed.map((m) => [m.siteId, m.url])).toEqual([['3', url('0003')]]);
  });

  it('undoes the move when a later page lists 3 before 0003 was read: two letters', async () => {
    const state = knowingThree();
    const handed: CrawledMessage[] = [];
    const run = runOver(state, handed);
    const first = run.onListPage(listed('0003'), url('list'), 0, 'head');
    const second = run.onListPage(listed('3'), url('list?page=2'), 1, 'head');
    // 3 is the letter it knew, unchanged on its list: nothing to fetch; 0003 is new.
    expect(second.details).toEqual([]);
    expect(Object.keys(state.items)).toEqual(['3']);
    expect(state.items['3']?.storeId).toBeUndefined();
    expect(run.renumberedThisRun('3')).toBe(false);
    await run.finishItem('0003', { ...dance, detailUrl: url('0003') }, first.details[0]!.listHash, first.details[0]!.request, {});
    expect(run.report.changes).toEqual([{ siteId: '0003', kind: 'new' }]);
    expect(handed.map((m) => [m.siteId, m.title])).toEqual([['0003', dance.title]]);
  });

  it('undoes the move when 0003 shows another letter (title and text), and keeps it when only one of them changed', async () => {
    const other = knowingThree();
    const run = runOver(other, []);
    const decision = run.onListPage(listed('0003'), url('list'), 0, 'head');
    await run.finishItem('0003', { ...dance, detailUrl: url('0003') }, decision.details[0]!.listHash, decision.details[0]!.request, {});
    expect(run.report.changes).toEqual([{ siteId: '0003', kind: 'new' }]);
    expect(Object.keys(other.items).sort()).toEqual(['0003', '3']);

    const edited = knowingThree();
    const again = runOver(edited, []);
    const listedAgain = again.onListPage(listed('0003'), url('list'), 0, 'head');
    await again.finishItem('0003', { ...lamp, content: `${lamp.content}（已隐去姓名）`, detailUrl: url('0003') }, listedAgain.details[0]!.listHash, listedAgain.details[0]!.request, {});
    expect(again.report.changes).toEqual([{ siteId: '0003', kind: 'changed', fields: ['content', 'url'] }]);
    expect(Object.keys(edited.items)).toEqual(['0003']);
  });
});
