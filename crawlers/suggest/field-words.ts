/**
 * How mailbox pages name and show each message field: the labels printed beside a value (信件标题,
 * 来信时间, 办理状态 …), the class names page authors give such elements, and what the values
 * themselves look like (a date, a status word, a district). Collected from the sites of
 * ../shared/docs/mailbox-sites.md and the look-alikes in sites/; used only to draft a source file.
 */
import type { MessageField } from '../source/schema.js';

/**
 * Labels by field, the most specific first. A label matches a page's label only as a whole (after
 * spaces and a trailing colon are removed): 时间 must not take 答复时间.
 */
export const fieldLabels: readonly (readonly [MessageField, readonly string[]])[] = [
  ['forwardNo', ['转办编号', '转办单号', '交办编号']],
  ['siteId', ['信件编号', '留言编号', '来信编号', '诉求编号', '工单编号', '编号', '序号', '受理编号', '查询码']],
  ['title', ['信件标题', '留言标题', '来信标题', '诉求标题', '标题', '主题', '信件主题', '留言主题', '题目', '事项']],
  ['content', ['来信内容', '留言内容', '信件内容', '诉求内容', '咨询内容', '投诉内容', '反映内容', '问题描述', '具体内容', '内容', '正文']],
  ['author', ['来信人', '留言人', '写信人', '咨询人', '反映人', '投诉人', '发信人', '网民', '姓名', '署名']],
  ['replyAt', ['答复时间', '回复时间', '办结时间', '处理时间', '办理时间', '答复日期', '回复日期']],
  ['replyUnit', ['答复单位', '回复单位', '办理单位', '处理单位', '承办单位', '受理单位', '回复部门', '答复部门', '办理部门']],
  ['replyText', ['答复内容', '回复内容', '答复意见', '回复意见', '受理意见', '办理结果', '处理结果', '处理意见', '办理意见', '办理情况', '答复']],
  ['postedAt', ['来信时间', '留言时间', '写信时间', '提交时间', '发布时间', '咨询时间', '来信日期', '留言日期', '转办日期', '日期', '时间']],
  ['siteType', ['来信类型', '信件类型', '留言类型', '诉求类型', '信件类别', '留言类别', '类型', '类别']],
  ['siteStatus', ['办理状态', '处理状态', '信件状态', '回复状态', '答复状态', '状态']],
  ['district', ['涉及区县', '所属区县', '所在区县', '区县', '所属区域', '涉及区域']],
  ['originLevel', ['来源层级', '转办层级', '来源级别']],
  ['upperDeadline', ['上级办理时限', '办理时限', '上级时限']],
];

const labelToField = new Map<string, MessageField>();
for (const [field, labels] of fieldLabels) for (const label of labels) labelToField.set(label, field);

/** A page's label as compared: spaces (also full width) and a trailing colon removed. */
export function labelKey(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, '').replace(/[：:]+$/, '');
}

/** The field a label names, if it is one of `fieldLabels`. */
export function fieldOfLabel(text: string): MessageField | undefined {
  return labelToField.get(labelKey(text));
}

/**
 * The field an element's class or id names (`span.author`, `div.mail-content`, `span.reply-time`),
 * judged on the name's words (split at `-`, `_` and case changes): a reply word with a time word is
 * the reply's time, with a unit word its unit, otherwise its text.
 */
export function fieldOfClassName(name: string): MessageField | undefined {
  const words = new Set(
    name
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[\s\-_]+/)
      .filter(Boolean),
  );
  const has = (...w: string[]) => w.some((x) => words.has(x));
  if (has('reply', 'answer', 'hf', 'df', 'huifu', 'dafu')) {
    if (has('time', 'date', 'sj')) return 'replyAt';
    if (has('unit', 'dept', 'org', 'department', 'dw')) return 'replyUnit';
    return 'replyText';
  }
  if (has('replytime', 'hfsj', 'dfsj')) return 'replyAt';
  if (has('title', 'tit', 'subject', 'bt', 'topic')) return 'title';
  // TRS_Editor: the text box of the TRS content management system many government sites run on.
  if (has('content', 'body', 'text', 'nr', 'xjnr', 'article', 'editor', 'zoom')) return 'content';
  if (has('author', 'writer', 'sender', 'lxr')) return 'author';
  if (has('time', 'date', 'posttime', 'pubtime', 'sj', 'lxsj')) return 'postedAt';
  if (has('type', 'kind', 'category', 'lx')) return 'siteType';
  if (has('status', 'state', 'zt')) return 'siteStatus';
  if (has('no', 'number', 'bh')) return 'siteId';
  return undefined;
}

/** What a value looks like. */
export const valueLooks = {
  /** 2026-11-26, 2026/11/26 08:09, 2026年11月26日, 2026.11.26, and with a year of two digits, 26-11-26, 26/11/26 08:09 */
  date: (text: string) =>
    /^((19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{2}([-/.])\d{1,2}\3\d{1,2})(\s+\d{1,2}[:时]\d{1,2}([:分]\d{1,2}秒?)?)?$/.test(text.trim()),
  /** 待回复, 办理中, 已办结 … */
  status: (text: string) => /^(待|已|未|正在|办理中|处理中|受理中|审核中|办结|完成|不予受理)[\u4e00-\u9fa5]{0,4}$/.test(text.trim()),
  /** 咨询, 建议, 投诉, 求助, 举报, 表扬 … and their pairs (投诉/求助). */
  type: (text: string) => /^(咨询|建议|建言|投诉|求助|举报|表扬|感谢|意见|反映问题|咨询问题|其他|其它)([/、|](咨询|建议|投诉|求助|举报|表扬|感谢|其他))*$/.test(text.trim()),
  /** 印台区, 耀州区, 宜君县, 新区 */
  district: (text: string) => /^[\u4e00-\u9fa5]{1,4}(区|县|市|旗)$/.test(text.trim()),
  /** 省, 市 (the level an item was forwarded from) */
  level: (text: string) => /^(省|市|省级|市级)$/.test(text.trim()),
  /** A site's id: letters, digits and dashes, no spaces (100020, SXZB202611260020). */
  id: (text: string) => /^[A-Za-z0-9][A-Za-z0-9\-_]{2,40}$/.test(text.trim()),
};

/** The labels printed in a run of text (`编号：XJ01 时间：2023-05-12 状态：已答复`), in order, with the field each names. */
export function labelsInText(text: string): { label: string; field: MessageField }[] {
  const found: { label: string; field: MessageField }[] = [];
  // A label is the tail of a run of Chinese characters before a colon (the colon of a time, 09:12, is no label's).
  for (const m of text.matchAll(/([\u4e00-\u9fa5]{2,12})\s*[：:]/g)) {
    const run = m[1]!;
    for (let i = 0; i <= run.length - 2; i++) {
      const field = fieldOfLabel(run.slice(i));
      if (field) {
        found.push({ label: run.slice(i), field });
        break;
      }
    }
  }
  return found;
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A field rule's `regex` taking one label's value out of a run of labels: the text after
 * `label：` up to the next `label：` after a space (an unknown one too, so a label the site adds
 * later does not run into the value), up to one of `others` (the other labels of the run) followed
 * by a colon with no space before it (old ASP/JSP pages print `答复单位：区住建局答复时间：…` as one
 * text), the end of the line or of the text. A label word without a colon (a reply quoting
 * 答复时间) does not cut the value.
 */
export function labelValueRegex(label: string, others: readonly string[] = []): string {
  // Longest first, so 上级办理时限： is cut whole, not after 上级.
  const known = [...new Set(others)].filter((o) => o !== label).sort((a, b) => b.length - a.length);
  const runTogether = known.length ? `|(?:${known.map(escapeRegex).join('|')})\\s*[：:]` : '';
  // Spaces after the colon, never a line break: a blank value must not take the next line's text.
  return `${escapeRegex(label)}[^\\S\\n]*[：:][^\\S\\n]*(.*?)(?=\\s+[^\\s\\d：:][^\\s：:]{0,7}[：:]${runTogether}|\\n|$)`;
}

/**
 * A field rule's `regex` taking a label's value, read beside the label's own element, up to one of
 * `labels` (the site's labels printed run together with it: `王先生邮编：727000` → 王先生), the end
 * of the line or of the text.
 */
export function valueBeforeLabelsRegex(labels: readonly string[]): string {
  const longestFirst = [...new Set(labels)].sort((a, b) => b.length - a.length);
  return `^(.*?)(?=(?:${longestFirst.map(escapeRegex).join('|')})[^\\S\\n]*[：:]|\\n|$)`;
}

/**
 * Whether a value starts with the label of another field than `field` (`回复单位：区住建局…` taken
 * for the reply's text, `信件标题 关于…` for the letter's): the rule found a neighbour of its place,
 * a heading's next row or a line of labels, not the value.
 */
export function startsWithOtherLabel(value: string, field: MessageField): boolean {
  const head = /^[\u4e00-\u9fa5\s\u3000]{2,12}/.exec(value)?.[0] ?? '';
  for (let n = head.length; n >= 2; n--) {
    const other = fieldOfLabel(head.slice(0, n));
    if (other && other !== field && /^[\s：:]|^$/.test(value.slice(n))) return true;
  }
  return false;
}
