import { describe, expect, it } from 'vitest';
import { checkReply, isBlocking, missingPhrases } from './check-reply.js';

const message = { title: '城关街道道路破损路灯不亮', content: '小区门口道路破损，晚上路灯不亮，请尽快维修。' };
const good = '关于您反映的城关街道道路破损和路灯不亮问题，我局已派员现场查看，破损路面已修补，路灯线路已更换并恢复照明。感谢您的监督。';

function rules(text: string) {
  return checkReply(text, message).findings.map((f) => f.rule);
}

describe('checkReply (第五条㈤)', () => {
  it('passes a clear, relevant reply', () => {
    const out = checkReply(good, message);
    expect(out.findings).toEqual([]);
    expect(out.coverage).toBeGreaterThan(0.5);
  });
  it('flags shirking, absolute promises, no comment and blaming the citizen', () => {
    expect(rules(`${good}此事不属于我局职责，请自行联系其他部门。`)).toEqual(expect.arrayContaining(['shirking']));
    expect(rules(`${good}我们保证三天内彻底解决。`)).toEqual(expect.arrayContaining(['absolute_promise']));
    expect(rules(`${good}其余情况无可奉告。`)).toContain('no_comment');
    expect(rules(`${good}此事是您自己的责任，后果自负。`)).toContain('blaming_citizen');
  });
  it('flags markup pasted from a web editor, which would be published as it is, and not a comparison', () => {
    const out = checkReply(`<p>${good}</p><b>特此答复。</b>`, message);
    expect(out.findings.filter((f) => f.rule === 'markup').map((f) => f.excerpt)).toEqual(['<p>', '</p>', '<b>', '</b>']);
    expect(rules(`${good}如有疑问&nbsp;请致电。`)).toContain('markup');
    expect(rules(`${good}室温<18度时可申请退费，流量>3吨按阶梯计价。`)).not.toContain('markup');
    expect(rules(good)).not.toContain('markup');
  });
  it('flags personal data and masks it in the excerpt', () => {
    const out = checkReply(`${good}如有疑问请联系张师傅13912345678，留言人身份证610203199001011234。`, message);
    const phone = out.findings.find((f) => f.rule === 'personal_phone');
    const id = out.findings.find((f) => f.rule === 'personal_id');
    expect(phone?.excerpt).toBe('139******78');
    expect(id?.excerpt).not.toContain('19900101');
    expect([phone, id].every((f) => f && isBlocking(f))).toBe(true);
  });
  it('flags a mobile number however the citizen wrote it: with dashes or spaces, +86, full-width digits', () => {
    for (const phone of ['138-1234-5678', '138 1234 5678', '+86 13812345678', '+8613812345678', '8613812345678', '１３８１２３４５６７８', '１３８－１２３４－５６７８']) {
      const found = checkReply(`${good}如有疑问请联系王女士${phone}。`, message).findings.find((f) => f.rule === 'personal_phone');
      expect(found && isBlocking(found), phone).toBe(true);
      expect(found?.excerpt, phone).not.toContain('1234');
    }
    // A unit's office line and ordinary numbers are not a citizen's mobile.
    expect(rules(`${good}咨询电话0919-6181234，办理时限2026年12月1日，编号20261128001。`)).not.toContain('personal_phone');
  });
  it('sees personal data and wording through characters that show nothing (pasted from a chat app or a document) and in full-width digits', () => {
    // 138\u200b1234\u200b5678 is published as 13812345678 to every reader.
    for (const hidden of ['\u200b', '\u00ad', '\u2060', '\ufeff', '\u200e']) {
      const phone = checkReply(`${good}如有疑问请联系王女士138${hidden}1234${hidden}5678。`, message).findings.find((f) => f.rule === 'personal_phone');
      expect(phone && isBlocking(phone), JSON.stringify(hidden)).toBe(true);
      expect(phone?.excerpt).toBe('138******78');
      const id = checkReply(`${good}留言人身份证610203${hidden}199001011234。`, message).findings.map((f) => f.rule);
      expect(id, JSON.stringify(hidden)).toEqual(['personal_id']);
      expect(rules(`${good}此事不归我${hidden}们管。`), JSON.stringify(hidden)).toContain('shirking');
      expect(rules(`${good}其余情况无可${hidden}奉告。`), JSON.stringify(hidden)).toContain('no_comment');
    }
    const fullWidth = checkReply(`${good}留言人身份证６１０２０３１９９００１０１１２３Ｘ。`, message).findings.find((f) => f.rule === 'personal_id');
    expect(fullWidth && isBlocking(fullWidth)).toBe(true);
    expect(fullWidth?.excerpt).not.toContain('１９９００１０１');
  });
  it('flags replies that are too short or do not answer what was asked', () => {
    expect(rules('已处理。')).toEqual(expect.arrayContaining(['too_short', 'off_topic']));
    const offTopic = checkReply('感谢您对我区教育事业的关心，今年新建的两所学校已经投入使用，招生工作进展顺利，欢迎继续监督。', message);
    expect(offTopic.findings.map((f) => f.rule)).toEqual(['off_topic']);
    expect(offTopic.missingTerms).toContain('路灯');
    // Staff read the missing points as phrases of the message, not as character pairs (城关、关街、街道…).
    expect(offTopic.findings[0]?.excerpt).toBe('城关街道道路破损路灯不亮');
    expect(missingPhrases('城关街道路灯不亮', '', '经查，城关街道的问题已处理。')).toEqual(['路灯不亮']);
  });
  it("flags the supervision office's internal remarks, which must not go online, but not a reply that reports discipline", () => {
    for (const internal of ['督查报告：区交通运输局首次答复敷衍，经督促已整改，建议通报批评。', '督查室意见：同意。', '此情况内部掌握。']) {
      const found = checkReply(`${good}${internal}`, message).findings.find((f) => f.rule === 'internal_note');
      expect(found && isBlocking(found), internal).toBe(true);
    }
    for (const reply of ['根据区领导批示，我局已对值班人员通报批评，并向您致歉。', '待区自然资源局出具审核意见后即可办理。', '您所要的文件属内部资料，不对外公开。']) {
      expect(rules(`${good}${reply}`), reply).not.toContain('internal_note');
    }
  });
  it('never changes the text it checks', () => {
    const text = `${good}13912345678`;
    checkReply(text, message);
    expect(text.endsWith('13912345678')).toBe(true);
  });
});
