/**
 * Pre-publication checks of a reply (第五条㈤: 注意语气措辞，避免上网回复后引发不良后果; 第五条㈡:
 * 杜绝推诿扯皮、敷衍塞责). Pure: the findings are shown to the reviewer and the publisher; the text
 * is never changed here.
 */
import { mobileNumberPattern, withoutInvisible } from '../../core/index.js';

export type FindingSeverity = 'high' | 'medium' | 'low';

export interface ReviewFinding {
  rule: string;
  severity: FindingSeverity;
  /** What is wrong, for staff. */
  message: string;
  /** The words that triggered it (personal data is masked). */
  excerpt?: string | undefined;
  index?: number | undefined;
}

export interface ReplyCheckResult {
  findings: ReviewFinding[];
  /** Share of the message's key terms the reply mentions (0..1). */
  coverage: number;
  /** Key terms of the message the reply does not mention. */
  missingTerms: string[];
}

interface PatternRule {
  rule: string;
  severity: FindingSeverity;
  message: string;
  pattern: RegExp;
  mask?: boolean;
}

const patternRules: PatternRule[] = [
  {
    rule: 'shirking',
    severity: 'high',
    message: '疑似推诿：答复把问题推给其他部门或称不归本单位管，应说明由谁办理、如何转办',
    pattern: /不(属于|归|在)(我|本)(们)?(单位|部门|局|科|委|办|镇|街道)?(的)?(职责|管辖|管理|范围)|不归我们管|与我(单位|局|部门|们)无关|请(自行)?(向|找|联系|咨询)(其他|相关|有关)(部门|单位)|自行解决|另行(反映|联系)/gu,
  },
  {
    rule: 'absolute_promise',
    severity: 'medium',
    message: '绝对化承诺：答复中的保证在网上公开后难以兑现，建议改为具体措施和时限',
    pattern: /(保证|确保|一定|绝对|必定|承诺)(会|能|可以|在)?.{0,8}?(解决|完成|办好|落实|到位|满意)|百分之百|100%|彻底(解决|杜绝|根治)|永远不会|决不(会)?再/gu,
  },
  {
    rule: 'no_comment',
    severity: 'high',
    message: '拒绝答复：“无可奉告”“不予答复”等措辞不宜公开',
    pattern: /无可奉告|不予(答复|回复|解释)|无需(答复|解释)|不便(透露|答复)|没有义务/gu,
  },
  {
    rule: 'blaming_citizen',
    severity: 'high',
    message: '指责群众：答复把责任推给留言人或使用贬损性语言',
    pattern: /(你|您)(自己)?(的)?(责任|过错|问题自己)|咎由自取|无理取闹|胡搅蛮缠|缠访|闹访|刁民|不懂法|素质(太)?(低|差)|后果自负|自行承担(全部)?责任|(你|您)(们)?(自己)?(不|没)(有)?(遵守|按规定)/gu,
  },
  {
    // The supervision office settles the reply that goes online (审核通过 with an edited text); its
    // own report and remarks to the leader are internal (第四条㈦) and must never be published. Only
    // wording no reply to a citizen would use: a reply may well say it acted on a leader's
    // instruction, criticised a member of staff, awaits another office's 审核意见 or that a
    // document is 不对外公开.
    rule: 'internal_note',
    severity: 'high',
    message: '疑似内部意见：答复含督查报告、督查意见等内部内容，公开后网民可见，请只保留对网民的答复',
    pattern: /督查报告|督查(室)?意见|内部掌握|仅供(内部|领导)|建议(对(该|承办)?单位)?(予以|给予)?通报(批评|表扬)/gu,
  },
  {
    rule: 'personal_id',
    severity: 'high',
    message: '泄露个人信息：答复含身份证号码',
    // In ASCII or full-width digits (an IME writes ６１０…), as the mobile-number rule reads them.
    pattern: /(?<![0-9０-９])[1-9１-９][0-9０-９]{5}([1１][9９]|[2２][0０])[0-9０-９]{2}([0０][1-9１-９]|[1１][0-2０-２])([0０][1-9１-９]|[12１２][0-9０-９]|[3３][01０１])[0-9０-９]{3}[0-9Xx０-９Ｘｘ](?![0-9０-９])/gu,
    mask: true,
  },
  {
    rule: 'personal_phone',
    severity: 'high',
    message: '泄露个人信息：答复含手机号码',
    // However the citizen wrote it (138-1234-5678, +86, full-width digits): the same pattern the export mask uses.
    pattern: mobileNumberPattern(),
    mask: true,
  },
  {
    rule: 'personal_bank',
    severity: 'medium',
    message: '可能泄露个人信息：答复含疑似银行卡号',
    pattern: /(?<![0-9])(62|4[0-9]|5[1-5])[0-9]{14,17}(?![0-9])/gu,
    mask: true,
  },
  {
    // The reply goes online as plain text: tags or entities pasted from a web editor or a document
    // converter (<p>, <b>, &nbsp;) would be shown as they are. Only what reads as markup: a tag
    // name right after '<' and a closing '>', or a named or numbered entity; 温度<18度 is not.
    rule: 'markup',
    severity: 'medium',
    message: '答复含网页标记（如 <p>、<b>、&nbsp;）：答复按纯文本发布，标记会原样显示，请删去',
    pattern: /<\/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?\/?>|&(?:nbsp|amp|lt|gt|quot|apos|#\d{2,6}|#x[0-9A-Fa-f]{2,5});/gu,
  },
  {
    rule: 'vague',
    severity: 'low',
    message: '敷衍套话：只说“高度重视”“研究处理”而无具体措施，请补充具体办理情况',
    pattern: /(正在|将)(研究|协调)(处理|解决)?[。.]?$|已(转|交)(有关|相关)部门(处理)?[。.]?$/gu,
  },
];

function mask(text: string): string {
  return text.length <= 6 ? '*'.repeat(text.length) : `${text.slice(0, 3)}${'*'.repeat(text.length - 5)}${text.slice(-2)}`;
}

const stopTerms = new Set(['关于', '问题', '反映', '请问', '希望', '领导', '您好', '你好', '谢谢', '区长', '市长', '政府', '什么', '怎么', '为什么', '能否', '是否', '可以', '一个', '我们', '没有', '现在', '已经', '相关', '部门']);

/** Key terms of a message: CJK bigrams of the title (or the start of the text) and numbers/words. */
export function keyTerms(title: string, content: string): string[] {
  const source = title.replace(/\s+/gu, '').length >= 4 ? title : `${title}${content.slice(0, 120)}`;
  const terms = new Set<string>();
  for (const run of source.match(/\p{Script=Han}+/gu) ?? []) {
    for (let i = 0; i + 2 <= run.length; i++) {
      const bigram = run.slice(i, i + 2);
      if (!stopTerms.has(bigram)) terms.add(bigram);
    }
  }
  for (const word of source.match(/[A-Za-z]{3,}|[0-9]{2,}/gu) ?? []) terms.add(word.toLowerCase());
  return [...terms];
}

/**
 * The parts of the message's key text that the reply does not contain, as phrases staff can read:
 * runs of the title (or the start of the text) whose character pairs are all missing, joined
 * (印台社区附近施工, not 印台、台社、社区、区附), longest first.
 */
export function missingPhrases(title: string, content: string, reply: string): string[] {
  const source = title.replace(/\s+/gu, '').length >= 4 ? title : `${title}${content.slice(0, 120)}`;
  const lowered = reply.toLowerCase();
  const phrases: string[] = [];
  for (const run of source.match(/\p{Script=Han}+/gu) ?? []) {
    let start = -1;
    let before = false; // the pair before a missing run is in the reply: its first character is covered
    for (let i = 0; i + 2 <= run.length + 1; i++) {
      const bigram = run.slice(i, i + 2);
      const present = bigram.length === 2 && lowered.includes(bigram);
      const missing = bigram.length === 2 && !present && !stopTerms.has(bigram);
      if (missing && start < 0) start = before && i + 3 <= run.length ? i + 1 : i;
      if (!missing && start >= 0) {
        // Likewise the last character, when the pair after the run is in the reply.
        const end = present && i - start >= 2 ? i : i + 1;
        phrases.push(run.slice(start, end));
        start = -1;
      }
      before = present;
    }
  }
  return [...new Set(phrases)].sort((a, b) => b.length - a.length);
}

/** Who reads the reply: the public online (district items), or the province or city (《印台政务督查专报》). */
export interface CheckReplyOptions {
  /**
   * `upper`: an item forwarded from above is reported upward, not published, and a supervision
   * report belongs in 《印台政务督查专报》, so internal wording is not flagged. @default 'public'
   */
  audience?: 'public' | 'upper' | undefined;
}

/** The audience of a case's reply, from its channel. */
export const replyAudience = (channel: string): 'public' | 'upper' => (channel === 'forwarded' ? 'upper' : 'public');

/**
 * Checks a reply before it goes online. `message` is what the citizen asked (title and text);
 * without it, the relevance check is skipped.
 */
export function checkReply(reply: string, message?: { title: string; content: string }, options: CheckReplyOptions = {}): ReplyCheckResult {
  const findings: ReviewFinding[] = [];
  // Read as it will be published: a zero-width space or soft hyphen pasted from a chat app or a
  // document hides nothing from a reader (138\u200b1234\u200b5678 shows as a phone number), so it
  // must hide nothing from the rules either (core/visible-text.ts).
  const text = withoutInvisible(reply).trim();
  if (text.length < 30) {
    findings.push({ rule: 'too_short', severity: 'medium', message: '答复过于简略（少于 30 字），应说明办理情况、结果或依据' });
  }
  for (const rule of patternRules) {
    if (rule.rule === 'internal_note' && options.audience === 'upper') continue;
    for (const m of text.matchAll(rule.pattern)) {
      findings.push({ rule: rule.rule, severity: rule.severity, message: rule.message, excerpt: rule.mask ? mask(m[0]) : m[0], index: m.index });
    }
  }
  let coverage = 1;
  let missingTerms: string[] = [];
  if (message) {
    const terms = keyTerms(message.title, message.content);
    if (terms.length > 0) {
      const lowered = text.toLowerCase();
      const hit = terms.filter((t) => lowered.includes(t));
      coverage = hit.length / terms.length;
      missingTerms = terms.filter((t) => !lowered.includes(t));
      if (coverage < 0.2) {
        findings.push({
          rule: 'off_topic',
          severity: 'medium',
          message: `答复可能未回应留言所问：留言要点在答复中出现得很少（${Math.round(coverage * 100)}%）`,
          excerpt: missingPhrases(message.title, message.content, text).slice(0, 5).join('、'),
        });
      }
    }
  }
  return { findings, coverage: Math.round(coverage * 100) / 100, missingTerms };
}

/** True when a finding should stop publication until someone acknowledges it. */
export function isBlocking(finding: ReviewFinding): boolean {
  return finding.severity === 'high';
}
