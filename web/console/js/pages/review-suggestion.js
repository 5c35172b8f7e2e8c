// The review queue's reading of one item: the classifier's suggestion with its confidences and
// evidence, the copies already linked and related cases, and a likely copy (疑似重复) notice.
// Pure rendering; the queue (review.js) owns the state and the actions. Message text is untrusted:
// every value goes in as text through h().
import { h, pct } from '../dom.js';
import { complexityNames, urgencyNames } from '../names.js';

const likelyReasonNames = { same_title: '标题相同', similar_text: '同一热点且内容相近' };

/**
 * The words of the message a 不予受理 hint names, to mark in its text. A rule's evidence is the words
 * matched; the learned screening's is one line, 用词近似以往（因“广告”）未受理的留言：开锁、上门
 * (classifier/out-of-scope.ts), whose words follow the colon; 整体近似… names none.
 */
export function outOfScopeWords(evidence) {
  return evidence.flatMap((e) => {
    const line = /^(?:用词|整体)近似以往.*?未受理的留言(?:：(.*))?$/.exec(e);
    return line ? (line[1] ? line[1].split('、') : []) : [e];
  });
}

function suggestionRow(label, value, conf, evidence, evidenceLabel = '依据：') {
  return h('div', { class: 'sg-row' }, h('span', { class: 'sg-label' }, label), h('strong', null, value ?? '—'), conf !== null && conf !== undefined ? h('span', { class: 'conf' }, pct(conf)) : null, evidence?.length ? h('span', { class: 'evidence' }, evidenceLabel, evidence.join('、')) : null);
}

/**
 * How the complexity's evidence reads. A simple suggestion names the marks of a complex case it did
 * find (拆迁, 多年) when they were too few to make it complex: 依据：拆迁 beside 简单 read as if 拆迁
 * made it simple, so they are introduced as 复杂因素不足 instead.
 */
function complexityEvidenceLabel(complexity) {
  const cuesOnly = complexity?.value === 'simple' && complexity.evidence.some((e) => e !== '内容单一');
  return cuesOnly ? '复杂因素不足：' : '依据：';
}

/** The suggestion as given (`it.suggestion` may be missing for a message classified before suggestions were kept). */
export function suggestionPanel(it) {
  const s = it.suggestion;
  const probs = Object.entries(s?.probabilities ?? {}).sort((a, b) => b[1] - a[1]);
  return h(
    'div',
    { class: 'suggestion' },
    h('h4', null, '分类建议', s?.modelVersion ? h('small', { class: 'muted' }, ` 模型 ${s.modelVersion}`) : null),
    suggestionRow('类别', s?.category, s?.confidence),
    probs.length ? h('div', { class: 'probs' }, probs.map(([c, p]) => h('span', { class: 'prob' }, `${c} ${pct(p)}`))) : null,
    s?.explanation?.length ? h('div', { class: 'sg-row' }, h('span', { class: 'sg-label' }, '关键词'), h('span', { class: 'chips' }, s.explanation.map((w) => h('span', { class: 'chip' }, w)))) : null,
    suggestionRow('复杂程度', complexityNames[s?.complexity.value] ?? s?.complexity.value, s?.complexity.confidence, s?.complexity.evidence, complexityEvidenceLabel(s?.complexity)),
    suggestionRow('紧急程度', urgencyNames[s?.urgency.value] ?? s?.urgency.value, s?.urgency.confidence, s?.urgency.evidence),
    suggestionRow('承办单位', s?.unit.value ?? it.unit ?? '未能判断', s?.unit.confidence, s?.unit.evidence),
    s?.outOfScope.flagged || s?.outOfScope.reasons.length
      ? h('div', { class: 'oos' }, h('strong', null, s.outOfScope.flagged ? '⚠ 疑似不予受理' : '不予受理提示'), h('ul', null, s.outOfScope.reasons.map((r) => h('li', null, r.name, r.confidence !== null ? `（${pct(r.confidence)}）` : '', r.evidence.length ? `：${r.evidence.join('、')}` : ''))))
      : null,
  );
}

/** Copies linked to the case and other cases of its hot issue; null when there are none. */
export function copiesPanel(it) {
  if (!it.copies.length && !it.related.length) return null;
  return h(
    'div',
    { class: 'copies' },
    it.copies.length ? h('h4', null, `重复留言 ${it.copies.length} 条`) : null,
    it.copies.length ? h('ul', null, it.copies.map((c) => h('li', null, c.title, h('span', { class: 'muted' }, ` ${c.source} · 相似度 ${pct(c.similarity)}`)))) : null,
    it.related.length ? h('div', null, h('h4', null, '同一热点的其他案件'), h('ul', null, it.related.map((r) => h('li', null, h('a', { href: `#/case/${r.caseId}` }, r.ledgerNo), ' ', r.title)))) : null,
  );
}

/**
 * The 再次反映 notice: the letter came again after the reply to an earlier case was out (the problem
 * back, or the answer not enough), so it is handled as a new case, never merged into the answered
 * one; null when the item repeats no answered case.
 */
export function repeatsAnsweredNotice(it) {
  const o = it.repeatsAnswered;
  if (!o) return null;
  // 上级再次转办: the province or city sent the same 转办编号 again after the 专报 (not satisfied, or pressing).
  if (o.reissuedForwardNo) {
    return h(
      'div',
      { class: 'likely-copy', id: 'repeats-answered' },
      h('strong', null, '上级再次转办'),
      h('span', null, `：转办编号 ${o.reissuedForwardNo} 在已答复的 `, h('a', { href: `#/case/${encodeURIComponent(o.caseId)}` }, o.ledgerNo), ` “${o.title}”（${o.stateName}）之后再次转来，上级可能对答复不满意或在催办，请作为新案件登记办理并重新上报专报（不并入已答复的案件）。`),
    );
  }
  return h(
    'div',
    { class: 'likely-copy', id: 'repeats-answered' },
    h('strong', null, '再次反映'),
    h('span', null, '：与已答复的 ', h('a', { href: `#/case/${encodeURIComponent(o.caseId)}` }, o.ledgerNo), ` “${o.title}”（${o.stateName}）反映同一问题，答复后群众再次来信，请作为新案件登记办理（不并入已答复的案件）。`),
  );
}

/** The 疑似重复 notice, with a 并入 button when `onMerge` is given; null when the item is no likely copy. */
export function likelyCopyNotice(it, onMerge) {
  const o = it.likelyCopyOf;
  if (!o) return null;
  return h(
    'div',
    { class: 'likely-copy', id: 'likely-copy' },
    h('strong', null, '⚠ 疑似重复留言'),
    h('span', null, '：可能与 ', h('a', { href: `#/case/${encodeURIComponent(o.caseId)}` }, o.ledgerNo), ` “${o.title}” 反映同一问题（${likelyReasonNames[o.reason] ?? o.reason}${o.similarity !== null ? `，相似度 ${pct(o.similarity)}` : ''}）`),
    onMerge ? h('button', { type: 'button', id: 'merge-open', onclick: onMerge }, h('kbd', null, 'm'), '并入该案件…') : null,
  );
}
