import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupFigures, judgeFor, labelId, labelQualities, phraseId, type HotIssueLabels } from './eval/hot-issue-labels.js';
import { createHotIssueTracker, extractKeyPhrases, fingerprint } from './index.js';

// Messages written for these tests (not taken from the shared data).
const keys = (title: string, content: string) => extractKeyPhrases({ title, content }).map((p) => p.key);
const labels = (content: string) => extractKeyPhrases({ title: '', content }).map((p) => p.label);

describe('hot-issue phrases', () => {
  it('takes a concern from the title only: in a body the word is often a side remark', () => {
    expect(keys('物业乱收停车费', '物业今年把停车费涨了一倍，没有任何公示。')).toEqual(['topic:停车', 'topic:物业管理']);
    // The subject is a neighbour's paint in the basement; property management is a bystander.
    expect(keys('地下室堆放油漆', '邻居在地下室堆放大量油漆，找过物业，物业说管不了，请消防部门处理。')).toEqual([]);
  });

  it('starts a label where the name starts, not at the verb or pronoun before it', () => {
    expect(labels('我要投诉一下康宁医院乱收费')).toEqual(['康宁医院']);
    expect(labels('反映胜利路清雪不及时')).toEqual(['胜利路']);
    expect(labels('我们友谊路的路灯坏了')).toEqual(['友谊路']);
    expect(labels('咨询新华名苑物业费')).toEqual(['新华名苑']);
    // 元 is a name character here (not the end of 单元): the label is whole, the key unchanged.
    expect(extractKeyPhrases({ title: '元宝山小区门口积水', content: '' })[0]).toMatchObject({ key: 'estate:宝山小区', label: '元宝山小区' });
  });

  it('reads a company past the verb or function word before its trade, and names nothing by a verb alone', () => {
    // 督促 and 当时 are no company names: the letter is about the heating company, by its trade.
    expect(extractKeyPhrases({ title: '', content: '请相关部门督促热力公司解决' })).toEqual([{ kind: 'company', key: 'company:热力公司', label: '热力公司' }]);
    expect(keys('', '当时供暖公司说月底前修好')).toEqual(['company:供暖公司']);
    expect(labels('我们多次找供热公司，没人管')).toEqual(['供热公司']);
    // A verb in front of a named trade is not part of the label; the company keeps its own name.
    expect(labels('请联系排水公司疏通')).toEqual(['排水公司']);
    expect(labels('大连德泽药业公司拖欠货款')).toEqual(['大连德泽药业公司']);
    // No utility trade after the verb, or a function word alone: no company at all.
    expect(keys('', '如果公司不给办理怎么办')).toEqual([]);
    expect(keys('', '请协调房地产开发公司尽快办证')).toEqual([]);
    // The duplicate check reads the same names: 督促 is no company to set two letters apart.
    expect(fingerprint({ title: '', content: '请相关部门督促热力公司解决暖气不热' }).names).toEqual(['company:热力公司']);
  });

  it('keys an institution named by its kind (人民医院, 理工大学) by its whole label', () => {
    expect(keys('', '市第七人民医院挂号难')).toEqual(['institution:第七人民医院']);
    expect(keys('', '市第二人民医院停车难')).toEqual(['institution:第二人民医院']);
    expect(keys('', '去人民医院看病排队太久')).toEqual(['institution:人民医院']);
    expect(keys('', '宏远医院乱收费')).toEqual(['institution:宏远医院']);
    // The duplicate check's name keys are unchanged: both still name institution:人民医院.
    expect(fingerprint({ title: '市第七人民医院挂号难', content: '' }).names).toContain('institution:人民医院');
  });

  it('reads 中华路街道 as the sub-district office, not the road, for grouping only', () => {
    expect(keys('', '投诉中华路街道不作为')).toEqual([]);
    expect(keys('', '中华路街道办事处答复不实')).toEqual([]);
    expect(keys('', '中华路12号楼下井盖丢失')).toEqual(['road:中华路']);
    expect(fingerprint({ title: '投诉中华路街道不作为', content: '' }).names).toContain('road:中华路');
  });
});

describe('hot-issue groups', () => {
  it('keeps messages about two hospitals of one kind apart, and leaves a body-only concern ungrouped', () => {
    const tracker = createHotIssueTracker({ windowDays: 7, hotThreshold: 2 });
    const a = tracker.assign('a', { title: '第七人民医院挂号难', content: '早上五点排队也挂不上号。' }, '2018-03-01 08:00:00');
    const b = tracker.assign('b', { title: '第二人民医院停车难', content: '医院门口停车要排一小时。' }, '2018-03-02 08:00:00');
    const c = tracker.assign('c', { title: '第七人民医院服务差', content: '护士态度恶劣。' }, '2018-03-03 08:00:00');
    expect(b!.key).not.toBe(a!.key);
    expect(c).toMatchObject({ key: a!.key, label: '第七人民医院', count: 2, hot: true });
    const heat1 = tracker.assign('d', { title: '暖气不热', content: '室温只有十五度。' }, '2018-11-06 08:00:00');
    const heat2 = tracker.assign('e', { title: '供暖不达标', content: '家里十六度，要求测温。' }, '2018-11-07 08:00:00');
    expect(heat2).toMatchObject({ key: heat1!.key, label: '供暖', count: 2 });
    expect(tracker.assign('f', { title: '楼上装修漏水', content: '楼上改地热供暖，把我家天花板泡了。' }, '2018-11-08 08:00:00')).toBeNull();
  });
});

describe('hot-issue judgements', () => {
  it('computes member precision, purity and label quality from judgements keyed by phrase and label', () => {
    const g1 = { key: 'estate:光小区@2018-01-01', label: '阳光小区', ids: ['m1', 'm2', 'm3'] };
    const g2 = { key: 'topic:供暖@2018-01-02', label: '供暖', ids: ['m4', 'm5'] };
    const file: HotIssueLabels = {
      policy: [],
      members: [
        { set: 'dev', id: 'm1', phrase: phraseId(g1.key), ok: 1 },
        { set: 'dev', id: 'm2', phrase: phraseId(g1.key), ok: 1 },
        { set: 'dev', id: 'm3', phrase: phraseId(g1.key), ok: 1 },
        { set: 'dev', id: 'm4', phrase: phraseId(g2.key), ok: 0 },
        // Judged against another phrase: not a judgement for this group.
        { set: 'dev', id: 'm5', phrase: phraseId('topic:供水@x'), ok: 1 },
        { set: 'other', id: 'm5', phrase: phraseId(g2.key), ok: 1 },
      ],
      labels: [
        { set: 'dev', phrase: phraseId(g1.key), label: labelId('阳光小区'), quality: 'ok' },
        { set: 'dev', phrase: phraseId(g2.key), label: labelId('暖气'), quality: 'topic' },
      ],
    };
    const f = groupFigures([g1, g2], judgeFor(file, 'dev'));
    expect(f).toMatchObject({ groups: 2, members: 5, judgedMembers: 4, rightMembers: 3, judgedGroups: 1, pureGroups: 1, unjudgedLabels: 1 });
    expect(f.labels).toEqual({ ok: 1 });
    // A phrase's id does not depend on the day its group opened.
    expect(phraseId('road:胜利路@2015-03-25')).toBe(phraseId('road:胜利路@2016-01-16'));
  });

  it('stores ids, hashed phrases and judgements only, never message text', () => {
    const text = readFileSync(new URL('./eval/hot-issue-labels.json', import.meta.url), 'utf8');
    expect(text).not.toMatch(/[\u4e00-\u9fa5]/);
    const file = JSON.parse(text) as HotIssueLabels;
    expect(file.members.length).toBeGreaterThan(250);
    for (const m of file.members) {
      expect(Object.keys(m).filter((k) => k !== 'note').sort()).toEqual(['id', 'ok', 'phrase', 'set']);
      expect(['dalian', 'jiamusi']).toContain(m.set);
      expect([0, 1]).toContain(m.ok);
      expect(m.phrase).toMatch(/^[0-9a-f]{12}$/);
    }
    for (const l of file.labels) {
      expect(labelQualities).toContain(l.quality);
      expect(l.label).toMatch(/^[0-9a-f]{12}$/);
    }
  });
});
