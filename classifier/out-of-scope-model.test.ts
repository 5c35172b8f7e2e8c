/** The learned out-of-scope model inside the screening: loading, flagging alone, lifting a rule finding, features. */
import { describe, expect, it } from 'vitest';
import { tinyOutOfScopeModel as tinyModel } from './out-of-scope-model.fixture.js';
import { loadOutOfScopeModel, outOfScopeFeatures, wordKey } from './out-of-scope-model.js';
import { screenOutOfScope, shapeCues } from './out-of-scope.js';

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
