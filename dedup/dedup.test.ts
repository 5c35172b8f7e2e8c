import { describe, expect, it } from 'vitest';
import { createDecider, createDedupIndex, createHotIssueTracker, decideDuplicates, extractKeyPhrases, fingerprint, normalizeText, compareFingerprints, defaultDuplicateRule, textJaccard, type Fingerprint } from './index.js';
import { toSimplified } from './normalize.js';
import { PostingTable } from './posting-table.js';

// Messages written for these tests (not taken from the shared data).
const heating = {
  title: '阳光花园小区供暖不热',
  content: '我家住阳光花园小区5号楼2单元，今年入冬以来室内温度只有十四度，多次给热力公司打电话反映，一直没有人来处理，家里有老人和孩子，请有关部门尽快督促解决。',
};
const templateA = {
  title: '举报宏宇置业公司违规预售',
  content: '根据《物业管理条例》第二十八条规定，建设单位销售物业时应当将前期物业服务合同作为商品房买卖合同的附件，但宏宇置业公司在销售时没有向业主明示，请主管部门依法查处并责令改正。',
};
const templateB = {
  title: '举报盛世地产公司违规预售',
  content: '根据《物业管理条例》第二十八条规定，建设单位销售物业时应当将前期物业服务合同作为商品房买卖合同的附件，但盛世地产公司在销售时没有向业主明示，请主管部门依法查处并责令改正。',
};
const otherOnSameEstate = {
  title: '阳光花园小区门前道路积水',
  content: '阳光花园小区南门外的道路一下雨就积水，排水井堵塞已经半年，行人只能踩着砖头过去，希望市政部门疏通排水管道。',
};

describe('normalizeText', () => {
  it('removes punctuation, spaces and width, case and traditional differences', () => {
    expect(normalizeText('供暖 不熱！ＡＢＣ１２３，')).toBe('供暖不热abc123');
    expect(normalizeText('  臺灣  ')).toBe(normalizeText('台湾'));
    expect(normalizeText(normalizeText(heating.content))).toBe(normalizeText(heating.content));
    expect(toSimplified('開發商')).toBe('开发商');
  });
  it('decodes percent-encoded bodies', () => {
    expect(normalizeText(encodeURIComponent('供暖不热'))).toBe('供暖不热');
  });
});

describe('fingerprint and verification', () => {
  it('is JSON-serialisable and stable', () => {
    const fp = fingerprint(heating);
    expect(JSON.parse(JSON.stringify(fp))).toEqual(fp);
    expect(fingerprint(heating)).toEqual(fp);
    expect(fp.simhash).toMatch(/^[0-9a-f]{16}$/);
  });
  it('links exact and near copies and keeps template letters about other names apart', () => {
    const fp = fingerprint(heating);
    const traditional = fingerprint({ title: '陽光花園小區供暖不熱', content: '我家住陽光花園小區5號樓2單元，今年入冬以來室內溫度只有十四度，多次給熱力公司打電話反映，一直沒有人來處理，家裡有老人和孩子，請有關部門盡快督促解決。' });
    expect(traditional.exactHash).toBe(fp.exactHash);
    const reposted = fingerprint({ title: `再次反映：${heating.title}`, content: `${heating.content}此问题已经反映过多次，至今没有得到答复。` });
    expect(compareFingerprints(fp, reposted).duplicate).toBe(true);
    const truncated = fingerprint({ title: heating.title, content: heating.content.slice(0, 50) });
    const s = compareFingerprints(fp, truncated);
    expect(s.duplicate).toBe(true);
    expect(s.containment).toBe(1);
    expect(compareFingerprints(fingerprint(templateA), fingerprint(templateB)).duplicate).toBe(false);
    expect(compareFingerprints(fp, fingerprint(otherOnSameEstate)).duplicate).toBe(false);
  });
  it('keeps apart a bus-line proposal about another pair of lines, and links its re-post', () => {
    // Written for this test: one writer's template, the second line changed (613 → 86).
    const body = (other: string) =>
      `建议调整609路恢复知春路、苏州街一线行驶，同时调整${other}路至金庄，承接609路学院南路往返中关村南大街的路由，调整后两线路在白塔庵北区间并行5站，乘客可同台换乘，方便沿线居民出行。`;
    const a = fingerprint({ title: '建议调整609路和613路', content: body('613') });
    const b = fingerprint({ title: '建议调整609路、86路', content: body('86') });
    expect(a.titleNames).toEqual(expect.arrayContaining(['line:609', 'line:613']));
    expect(compareFingerprints(a, b).jaccard).toBeGreaterThan(0.55);
    expect(compareFingerprints(a, b).duplicate).toBe(false);
    // The same two lines, reworded title: still the same proposal.
    const again = fingerprint({ title: '再次建议调整609路、613路', content: `${body('613')}望采纳。` });
    expect(compareFingerprints(a, again).duplicate).toBe(true);
    // One line more on one side only is not another proposal.
    const more = fingerprint({ title: '建议调整609路、613路及相关线路', content: body('613') });
    expect(compareFingerprints(a, more).duplicate).toBe(true);
  });
});

describe('textJaccard', () => {
  it('is exact: 1 after normalisation, one character changed costs its shingles, 0 against an empty message', () => {
    expect(textJaccard(heating, { title: '', content: heating.content.replaceAll('，', ', ') })).toBe(1);
    // One character changed in a body of n characters: n - 2 shingles, 3 lost and 3 gained.
    const n = normalizeText(heating.content).length;
    const typo = { title: heating.title, content: heating.content.replace('督促', '督足') };
    expect(textJaccard(heating, typo)).toBeCloseTo((n - 2 - 3) / (n - 2 + 3), 10);
    expect(textJaccard(heating, { title: '', content: '' })).toBe(0);
  });
});

describe('DedupIndex', () => {
  it('finds the earliest best match, not itself, and rebuilds from stored fingerprints', () => {
    const index = createDedupIndex();
    const fps: [string, Fingerprint][] = [
      ['m1', fingerprint(heating)],
      ['m2', fingerprint(otherOnSameEstate)],
      ['m3', fingerprint(templateA)],
    ];
    for (const [id, fp] of fps) index.add(id, fp);
    expect(index.size).toBe(3);
    const copy = fingerprint({ title: '供暖', content: heating.content.replace(/，/g, ', ') });
    expect(index.findDuplicate(copy)).toMatchObject({ id: 'm1', kind: 'exact', similarity: 1 });
    expect(index.findDuplicate(fingerprint(templateB))).toBeNull();
    const rebuilt = createDedupIndex();
    for (const [id, fp] of JSON.parse(JSON.stringify(fps)) as [string, Fingerprint][]) rebuilt.add(id, fp);
    expect(rebuilt.findDuplicate(copy)?.id).toBe('m1');
  });
  it('rejects fingerprints of another version', () => {
    const index = createDedupIndex();
    expect(() => index.add('x', { ...fingerprint(heating), v: 999 })).toThrow(/指纹版本/);
  });
  it('respects the duplicate window', () => {
    const index = createDedupIndex({ windowDays: 30 });
    index.add('old', fingerprint(heating), { createdAt: '2018-01-01 10:00:00' });
    expect(index.findDuplicate(fingerprint(heating), { createdAt: '2018-06-01' })).toBeNull();
    expect(index.findDuplicate(fingerprint(heating), { createdAt: '2018/1/20 08:00:00' })?.id).toBe('old');
  });
});

describe('PostingTable', () => {
  it('keeps at most cap postings per key and survives growth', () => {
    const table = new PostingTable(3, 4);
    for (let i = 0; i < 5000; i++) table.add((i % 1000) + 1, i);
    const items: number[] = [];
    table.forEach(8, (item) => items.push(item));
    expect(items.sort((a, b) => a - b)).toEqual([7, 1007, 2007]);
    expect(table.keyCount).toBe(1000);
    const none: number[] = [];
    table.forEach(123456, (item) => none.push(item));
    expect(none).toEqual([]);
  });
});

describe('hot issues', () => {
  it('extracts named places and topics', () => {
    const keys = extractKeyPhrases(heating).map((p) => p.key);
    expect(keys).toContain('estate:阳光花园');
    expect(keys).toContain('topic:供暖');
  });
  it('groups different messages about one estate within the window and opens a new group after it', () => {
    const tracker = createHotIssueTracker({ windowDays: 7, hotThreshold: 2 });
    const first = tracker.assign('a', heating, '2018-12-01 09:00:00');
    const second = tracker.assign('b', otherOnSameEstate, '2018-12-03 09:00:00');
    expect(first).toMatchObject({ label: '阳光花园', count: 1, hot: false });
    expect(second).toMatchObject({ key: first!.key, count: 2, hot: true });
    expect(tracker.members(first!.key)).toEqual(['a', 'b']);
    const later = tracker.assign('c', heating, '2019-02-01 09:00:00');
    expect(later?.key).not.toBe(first!.key);
    expect(later?.count).toBe(1);
    expect(tracker.assign('d', { title: '你好', content: '谢谢' })).toBeNull();
  });
});

describe('decideDuplicates', () => {
  it('links copies across channels to the earlier message and groups the rest', () => {
    const decisions = decideDuplicates([
      { id: 'city-1', ...heating, source: 'city_mailbox', createdAt: '2018-12-01 09:00:00' },
      { id: 'district-7', ...heating, source: 'district_mailbox', createdAt: '2018-12-01 10:00:00' },
      { id: 'city-2', ...otherOnSameEstate, source: 'city_mailbox', createdAt: '2018-12-02 10:00:00' },
      { id: 'city-3', ...templateA, createdAt: '2018-12-02 11:00:00' },
      { id: 'city-4', ...templateB, createdAt: '2018-12-02 12:00:00' },
    ]);
    expect(decisions.map((d) => [d.id, d.duplicateOf])).toEqual([
      ['city-1', null],
      ['district-7', 'city-1'],
      ['city-2', null],
      ['city-3', null],
      ['city-4', null],
    ]);
    expect(decisions[1]).toMatchObject({ similarity: 1, matchKind: 'exact', hotIssue: null });
    expect(decisions[2]!.hotIssue).toMatchObject({ key: decisions[0]!.hotIssue!.key, count: 2 });
  });

  it('reads a copy scraped with the page’s markup (tags, &nbsp;) as the text it shows: an exact copy', () => {
    const marked = { title: heating.title, content: `<p>${heating.content.replace(/，/g, '，&nbsp;').replace(/。/g, '。<br/>\r\n')}</p>` };
    const decisions = decideDuplicates([
      { id: 'city-1', ...heating },
      { id: 'forwarded-1', ...marked },
    ]);
    expect(decisions[1]).toMatchObject({ duplicateOf: 'city-1', similarity: 1, matchKind: 'exact' });
  });
});

describe('same-title re-posts and the labeled pair set', () => {
  it('links a reworded re-post under the same title, not a reworded one under another title', () => {
    const a = fingerprint({ title: '枫林小区十年不办理房屋产权', content: '我是枫林小区居民，该小区交付入住已经十年了，却始终没有办理房屋产权，给老百姓的生活带来很多不便，请有关部门督促开发商尽快办理。' });
    const reworded = '枫林小区交付入住已经十年了，开发商却始终没有给业主办理房屋产权，孩子上学和落户都受影响，请有关部门督促尽快办理。';
    const b = fingerprint({ title: '枫林小区十年不办理房屋产权！', content: reworded });
    const c = fingerprint({ title: '咨询落户政策', content: reworded });
    const ab = compareFingerprints(a, b);
    expect(ab.jaccard).toBeLessThan(0.55);
    expect(ab).toMatchObject({ duplicate: true, kind: 'same-title' });
    // Without the reworded-copy path (rare words), another title means no same-title link.
    expect(compareFingerprints(a, c, { ...defaultDuplicateRule, minTokenOverlap: 2 }).duplicate).toBe(false);
  });
  it('holds ids, labels and edit recipes only, never message text', async () => {
    const { readFileSync } = await import('node:fs');
    const pairs = JSON.parse(readFileSync(new URL('./eval/pairs.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
    expect(pairs.length).toBeGreaterThan(1000);
    for (const p of pairs) {
      for (const key of Object.keys(p)) expect(['a', 'b', 'label', 'kind', 'split', 'by', 'note']).toContain(key);
      expect(typeof p.a).toBe('string');
      if (typeof p.b !== 'string') expect(Object.keys(p.b as object).sort()).toEqual(['base', 'edit']);
      if (p.note !== undefined) expect(String(p.note)).not.toMatch(/[\u4e00-\u9fa5]/);
    }
  });
  it('keeps the fresh pairs as ids, strata and hand labels only', async () => {
    const { readFileSync } = await import('node:fs');
    const candidates = JSON.parse(readFileSync(new URL('./eval/fresh-candidates.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
    const labels = JSON.parse(readFileSync(new URL('./eval/fresh-labels.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
    expect(labels.length).toBe(candidates.length);
    for (const c of candidates) expect(Object.keys(c).sort()).toEqual(['a', 'b', 'set', 'stratum']);
    for (const l of labels) {
      expect(Object.keys(l).sort()).toEqual(['a', 'b', 'label', 'note']);
      expect([0, 1, null]).toContain(l.label);
      expect(String(l.note)).not.toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('reworded re-posts under a new title', () => {
  // One writer's complaint, then the same complaint rewritten under another title; a third letter by
  // the same writer about the same words but another building and date is another request.
  const first = { title: '枫林小区电梯坏了没人修', content: '枫林小区12号楼的电梯从3月5日起停运，物业说维修基金审批不下来，老人只能爬十八层楼梯，请住建部门督促维修基金尽快拨付，恢复电梯运行。' };
  const reworded = { title: '再次反映老人爬楼梯问题', content: '维修基金审批不下来，物业就不修，枫林小区12号楼电梯停运后，老人天天要爬十八层楼梯。请住建部门督促拨付维修基金，让电梯恢复运行。' };
  const otherBuilding = { title: '老人爬楼梯问题', content: '住建部门你们好，枫林小区7号楼电梯从9月1日起停运，物业说维修基金审批不下来，老人每天爬十八层楼梯，请尽快拨付维修基金，恢复运行。' };
  const filler = [
    '小区门口道路积水严重，下雨天无法通行，请市政部门疏通排水管道。',
    '楼下饭店油烟直排，居民无法开窗，请环保部门查处。',
    '孩子入学划片不合理，离家很远的学校，请教育部门调整学区。',
    '公交车班次太少，早高峰等车半小时，请交通部门增加班次。',
    '物业乱收停车费，没有任何依据，请物价部门查处。',
    '供暖温度不达标，室内只有十五度，请热力公司解决。',
  ];
  it('links them through the rare words they share (IDF from the index), not a different building or date', () => {
    const index = createDedupIndex();
    filler.forEach((content, i) => index.add(`f${i}`, fingerprint({ title: '反映问题', content })));
    index.add('first', fingerprint(first));
    const a = fingerprint(first);
    const b = fingerprint(reworded);
    expect(compareFingerprints(a, b).jaccard).toBeLessThan(0.55);
    expect(index.findDuplicate(b)).toMatchObject({ id: 'first', kind: 'reworded' });
    expect(compareFingerprints(b, a, undefined, index.tokenWeight).kind).toBe('reworded');
    expect(index.findDuplicate(fingerprint(otherBuilding))).toBeNull();
  });
  it('links them when they are all the index holds (a two-line file, a new store), by the reference counts', () => {
    const [, second] = decideDuplicates([
      { id: 'first', ...first },
      { id: 'second', ...reworded },
    ]);
    expect(second).toMatchObject({ duplicateOf: 'first', matchKind: 'reworded' });
    expect(decideDuplicates([{ id: 'first', ...first }, { id: 'other', ...otherBuilding }])[1]?.duplicateOf).toBeNull();
    // Without them, a word both hold is in every message the index has: it weighs nothing.
    const alone = decideDuplicates(
      [
        { id: 'first', ...first },
        { id: 'second', ...reworded },
      ],
      { dedup: { referenceDf: null } },
    );
    expect(alone[1]?.duplicateOf).toBeNull();
  });
  it('labels a name with the characters before its two-character core', () => {
    const labels = (text: string) => extractKeyPhrases({ title: '', content: text }).filter((p) => p.kind !== 'topic');
    expect(labels('我住在王家河小区，楼下噪音很大')[0]).toMatchObject({ key: 'estate:家河小区', label: '王家河小区' });
    expect(labels('大连市甘井子区王家河小区供暖不热')[0]).toMatchObject({ key: 'estate:家河小区', label: '王家河小区' });
    expect(labels('家住阳光花园')[0]).toMatchObject({ label: '阳光花园' });
    // A verb a letter puts before a name is not part of it.
    expect(labels('建议加强陈炉古镇节假日停车管理')[0]).toMatchObject({ label: '陈炉古镇' });
  });
});

describe('template letters about different places, bridged by one that names none', () => {
  const letter = (place: string) => ({
    title: `${place}垃圾清运不及时`,
    content: `${place}的垃圾箱已经满了好几天，垃圾堆得到处都是，天热的时候臭气熏天，招苍蝇老鼠，希望环卫部门每天按时清运。`,
  });
  const unnamed = { title: '这边垃圾清运不及时', content: '这边的垃圾箱已经满了好几天，垃圾堆得到处都是，天热的时候臭气熏天，招苍蝇老鼠，希望环卫部门每天按时清运。' };

  it('links the letter naming no place to the first, but not a letter naming another village through it', () => {
    const decisions = decideDuplicates([
      { id: 'miaowan', ...letter('庙湾村') },
      { id: 'unnamed', ...unnamed },
      { id: 'luozhai', ...letter('罗寨村') },
      { id: 'miaowan-again', ...letter('庙湾村') },
    ]);
    expect(decisions.map((d) => d.duplicateOf)).toEqual([null, 'miaowan', null, 'miaowan']);
  });

  it('still links the same letter sent to several offices through one that names none (the bodies are addressees, not subjects)', () => {
    const body = '我是阳光花园小区居民，十月一日小区居民楼因违规施工失火，消防救火时我家八楼被水浇毁，至今没有任何补偿，请领导过问。';
    const decisions = decideDuplicates([
      { id: 'to-construction', title: '居民楼失火补偿问题', content: `建设局领导您好：${body}` },
      { id: 'to-office', title: '居民楼失火补偿问题', content: `领导您好：${body}` },
      { id: 'to-petitions', title: '居民楼失火补偿问题', content: `信访局领导您好：${body}` },
    ]);
    expect(decisions.map((d) => d.duplicateOf)).toEqual([null, 'to-construction', 'to-office']);
  });

  it('reads a place name with an invisible character inside (zero-width space, soft hyphen, word joiner, bidi mark) as the name', () => {
    // Text pasted from web pages and chat apps carries such characters; staff see 庙湾村 either way.
    for (const hidden of ['\u200b', '\u00ad', '\u2060', '\u200d', '\ufeff', '\u202e', '\u0007']) {
      const messy = letter(`庙${hidden}湾村`);
      expect(decideDuplicates([{ id: 'luozhai', ...letter('罗寨村') }, { id: 'miaowan', ...messy }])[1]?.duplicateOf, JSON.stringify(hidden)).toBeNull();
      expect(extractKeyPhrases(messy).map((p) => p.key)).toEqual(extractKeyPhrases(letter('庙湾村')).map((p) => p.key));
      const [plain, variant] = [fingerprint(letter('庙湾村')), fingerprint(messy)];
      expect([variant.exactHash, variant.names, variant.titleNames, variant.requests]).toEqual([plain.exactHash, plain.names, plain.titleNames, plain.requests]);
    }
  });

  it('does not let a case whose first letter names no place gather letters about two villages', () => {
    const decisions = decideDuplicates([
      { id: 'unnamed', ...unnamed },
      { id: 'miaowan', ...letter('庙湾村') },
      { id: 'shangdian', ...letter('上店村') },
    ]);
    expect(decisions.map((d) => d.duplicateOf)).toEqual([null, 'unnamed', null]);
  });

  it('keeps apart letters about places that differ by a direction or number, or by a road, a town or a village in the body', () => {
    const pair = (a: { title: string; content: string }, b: { title: string; content: string }) => decideDuplicates([{ id: 'a', ...a }, { id: 'b', ...b }])[1]?.duplicateOf ?? null;
    expect(pair(letter('南沟村'), letter('北沟村'))).toBeNull();
    expect(pair(letter('东城社区'), letter('东街社区'))).toBeNull();
    expect(pair(letter('印台社区'), letter('庙湾村'))).toBeNull();
    const shop = (road: string) => ({ title: `举报${road}一超市销售过期食品`, content: `前天在${road}一家超市买的酸奶，回家发现已经过期三天了，去找店家只给退钱，请市场监管部门查处。` });
    expect(pair(shop('河滨路'), shop('川口路'))).toBeNull();
    const bus = (town: string) => ({ title: `${town}到市区的公交班次太少`, content: `${town}到市区的公交车一个小时才一班，末班车下午五点就停了，上班上学的人很不方便，建议增加班次。` });
    expect(pair(bus('城关街道'), bus('金锁关镇'))).toBeNull();
    const rubbish = (village: string) => ({ title: '河滨路路边建筑垃圾没人清理', content: `河滨路和${village}交界的地方常年有人乱倒建筑垃圾，越堆越高，也没有人清理，影响环境，请相关部门处理。` });
    expect(pair(rubbish('罗寨村'), rubbish('阿庄村'))).toBeNull();
    // A typo in a name is still the same place, and a re-post naming its addressee differently is one request.
    expect(pair(letter('远洋荣域小区'), letter('远洋荣誉小区'))).toBe('a');
    expect(pair(bus('城关街道'), bus('城关街道'))).toBe('a');
  });

  it('respects links replayed from the store (remember) as well as its own', () => {
    const decider = createDecider();
    decider.index.add('miaowan', fingerprint(letter('庙湾村')));
    decider.index.add('unnamed', fingerprint(unnamed));
    decider.remember('unnamed', 'miaowan');
    expect(decider.decide({ id: 'luozhai', ...letter('罗寨村') }).duplicateOf).toBeNull();
  });

  it('reads 古镇 as a place: 陈炉古镇 and 庙湾村 are two subjects', () => {
    expect(extractKeyPhrases({ title: '陈炉古镇垃圾清运不及时', content: '' })[0]).toMatchObject({ kind: 'estate', label: '陈炉古镇' });
    expect(decideDuplicates([{ id: 'a', ...letter('庙湾村') }, { id: 'b', ...letter('陈炉古镇') }])[1]?.duplicateOf).toBeNull();
  });
});

