import { describe, expect, it } from 'vitest';
import { loadOutOfScopeModel, OutOfScopeModel, outOfScopeFeatures, parseOutOfScopeModel, serializeOutOfScopeModel, wordKey, type OutOfScopeModelData } from './out-of-scope-model.js';
import { screenOutOfScope, shapeCues } from './out-of-scope.js';
import { suggestComplexity, suggestUrgency } from './suggestions.js';

const codes = (title: string, content: string) => {
  const r = screenOutOfScope(title, content);
  return { flagged: r.flagged, codes: r.reasons.filter((x) => x.confidence >= 0.6).map((x) => x.code), reasons: r.reasons };
};

describe('screenOutOfScope', () => {
  it('flags matters already in court or arbitration, with evidence', () => {
    const r = codes('工资纠纷', '公司拖欠我工资，我已向法院起诉，法院已经立案，请领导过问。');
    expect(r.flagged).toBe(true);
    expect(r.codes).toContain('legal_process');
    expect(r.reasons[0]?.evidence.join()).toMatch(/起诉|立案/);
  });

  it('flags concluded petitions, advertising, private debts and empty messages', () => {
    expect(codes('再次反映', '我的信访事项已经三级终结，但我不服').codes).toContain('petition_concluded');
    expect(codes('装修公司', '本公司专业承接家庭装修，欢迎来电咨询，微信号 abc12345').codes).toContain('advertising');
    expect(codes('借钱不还', '朋友向我借款五万元，至今不还，电话也联系不上').codes).toContain('personal');
    expect(codes('你好', '测试').codes).toContain('no_substance');
  });

  it('flags unenforced awards, army bodies, private guardianship and landlord deposit quarrels', () => {
    expect(codes('仲裁不执行', '公司拖欠工资，劳动仲裁裁决后公司拒不执行，请督促').codes).toContain('legal_process');
    expect(codes('健身卡退费', '这家健身中心属于部队干休所，军队停止有偿服务后不给退卡').codes).toContain('outside_authority');
    expect(codes('监护人变更', '请将我的监护人变更为我舅舅，附授权书').codes).toContain('outside_authority');
    expect(codes('押金', '租期到了，房东一直不退押金，电话也不接').codes).toContain('personal');
  });

  it('flags judgments in enforcement and short grandiose posts, not long ones with one such word', () => {
    const r = codes('房产过户', '我们被银行起诉，已有生效判决，现在执行程序中，请问如何办理过户？');
    expect(r.codes).toContain('legal_process');
    expect(r.reasons[0]?.evidence.join()).toContain('执行程序');
    expect(codes('依据国家主席令举报某医院', '依据国家主席令举报某医院附件有国家主席令').codes).toContain('no_substance');
    const long = '我们小区旁边的工地每天夜里施工，噪音很大，老人孩子休息不好，多次找物业和施工方都没有结果，听说是国家领导人视察过的项目也不能这样扰民，请城管局依法查处。';
    expect(codes('工地夜间施工扰民', long).flagged).toBe(false);
    expect(codes('政策执行', '希望加强政策执行，把惠民政策落到实处，请问执行阶段怎么监督？').flagged).toBe(false);
  });

  it('does not flag veterans\' matters or petitions merely mentioned', () => {
    expect(codes('军转安置', '我们是部队转业干部，军队转业后按事业编安置，请落实政策').flagged).toBe(false);
    expect(codes('黑中介', '中介冒充房东收了押金，房东不退押金，人也找不到了，请公安查处').flagged).toBe(false);
    expect(codes('举报毁林', '村民毁林挖沙，我举报的信访案件至今没有查处，请林业局依法处理').flagged).toBe(false);
  });

  it('does not flag ordinary complaints that mention ads or courts in passing', () => {
    expect(codes('小区乱贴小广告', '我们小区楼道里到处贴满小广告，物业不管，请城管处理。').flagged).toBe(false);
    expect(codes('供暖不热', '三里洞小区今年供暖温度只有十五度，老人孩子受不了，请尽快解决。').flagged).toBe(false);
    expect(codes('咨询', '请问孩子上小学需要准备哪些材料？户口在印台区。').flagged).toBe(false);
  });
});

/** A hand-made model: 橘红, 天才 and 漂亮 push a message towards out of scope. */
function tinyModel(settings = { alone: 0.5, support: 0.3 }): OutOfScopeModel {
  const words = ['橘红', '天才', '漂亮'];
  const data: OutOfScopeModelData = {
    format: 'minsheng-out-of-scope',
    formatVersion: 1,
    version: 'test',
    createdAt: '2026-11-28T00:00:00Z',
    features: [...words.map((w) => `c:${wordKey(w)}`), 'x:norequest'],
    weights: Float32Array.from([6, 6, 6, 1]),
    bias: -3,
    evidenceWords: words,
    settings,
    training: {},
  };
  // Through the file format, as the screening loads it.
  return new OutOfScopeModel(parseOutOfScopeModel(serializeOutOfScopeModel(data)));
}

describe('screenOutOfScope with the learned model', () => {
  it('falls back to rules alone when the model file is missing', () => {
    expect(loadOutOfScopeModel('/nonexistent/out-of-scope.json.gz')).toBeNull();
    expect(screenOutOfScope('马路线', '请看橘红色的马路线，他是天才，真漂亮', { model: null }).flagged).toBe(false);
  });

  it('flags alone with a reason and the words behind it', () => {
    const r = screenOutOfScope('马路线', '请看橘红色的马路线，他是天才，真漂亮', { model: tinyModel() });
    expect(r.flagged).toBe(true);
    expect(r.reasons[0]?.code).toBe('no_substance');
    expect(r.reasons[0]?.evidence.join()).toMatch(/用词近似以往未受理的留言：.*天才/);
    // The army or foreign powers named: filed as outside the government's authority.
    expect(screenOutOfScope('马路线', '请看美国橘红色的马路线，他是天才，真漂亮', { model: tinyModel() }).reasons[0]?.code).toBe('outside_authority');
  });

  it('needs two evidence words to flag alone, and lifts a weak rule finding', () => {
    // One word only: not enough for the model alone, whatever the score.
    expect(screenOutOfScope('请看天才', '请大家都来看看这里的天才，天才就在我们身边，天才很多', { model: tinyModel({ alone: 0.1, support: 1.01 }) }).flagged).toBe(false);
    // 信访案件 alone is a weak rule finding (0.4); the model's support lifts it over the threshold.
    const text = '请看橘红色的天才，漂亮的信访案件';
    expect(screenOutOfScope('反映', text, { model: null }).flagged).toBe(false);
    const lifted = screenOutOfScope('反映', text, { model: tinyModel({ alone: 1.01, support: 0.3 }) });
    expect(lifted.flagged).toBe(true);
    expect(lifted.reasons[0]?.code).toBe('other');
  });

  it('builds the same features in training and screening (bigrams within title and body, digits folded)', () => {
    const f = outOfScopeFeatures('天才', '２０１８年漂亮', shapeCues('天才', '２０１８年漂亮').cues);
    expect(f).toContain(`c:${wordKey('天才')}`);
    expect(f).toContain(`c:${wordKey('漂亮')}`);
    expect(f).toContain(`c:${wordKey('0年')}`);
    // No bigram across the title/body boundary.
    expect(f).not.toContain(`c:${wordKey('才0')}`);
    expect(f).toContain('x:norequest');
  });

  it('with the committed model, still leaves ordinary requests alone', () => {
    expect(screenOutOfScope('供暖不热', '三里洞小区今年供暖温度只有十五度，老人孩子受不了，请尽快解决。').flagged).toBe(false);
    expect(screenOutOfScope('咨询', '请问孩子上小学需要准备哪些材料？户口在印台区。').flagged).toBe(false);
    expect(screenOutOfScope('建议增加公交线路', '建议在新区增开一条公交线路，方便居民出行，希望有关部门考虑。').flagged).toBe(false);
  });

  it('screens a huge title and body of all-different characters in bounded time', () => {
    // 20,000 distinct characters make about 20,000 distinct bigrams per part: more than the
    // model's per-message table holds, if it read them all.
    const noise = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20_000))).join('');
    const started = Date.now();
    const result = screenOutOfScope(noise, noise);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(typeof result.flagged).toBe('boolean');
  });
});

describe('suggestions', () => {
  it('marks danger as urgent with evidence and routine questions as normal', () => {
    const u = suggestUrgency('楼道燃气泄漏', '我们楼道里有很大的煤气味，怀疑燃气泄漏，非常危险');
    expect(u.value).toBe('urgent');
    expect(u.evidence.length).toBeGreaterThan(0);
    expect(suggestUrgency('咨询社保', '请问养老保险怎么缴费').value).toBe('normal');
  });

  it('marks long-running multi-party matters as complex and short questions as simple', () => {
    const c = suggestComplexity('拆迁补偿多年未解决', '我家2012年被拆迁，补偿款至今未到位，多次反映，街道和住建局相互推诿。', '投诉');
    expect(c.value).toBe('complex');
    expect(suggestComplexity('咨询', '请问公积金怎么提取', '咨询').value).toBe('simple');
  });
});
