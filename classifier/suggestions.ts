/**
 * Complexity (第四条㈤: simple, answered in 2 working days; complex, 3) and urgency, by rules
 * with evidence: the rules read what makes a case slow (many parties, long history, money and
 * land) or urgent (danger to life, health, basic services). Each rule's score becomes a
 * probability through a logistic fit (Platt) on the dev half of 200 messages labelled blind
 * (eval/suggestion-labels.jsonl, weighted to all mail; `scripts/eval-suggestions.ts --calibrate`
 * prints the fit), so a confidence of 0.7 means about 70% right on mail like the shared data's.
 */
import type { Complexity, Urgency } from '../core/domain.js';
import type { Suggestion } from './types.js';

const complexCues = /多年|多次反映|多次投诉|反复|长期|至今(未|没有|仍)|一直(没有|未|不)|拆迁|征地|征收|补偿款|安置|集体|群体|上访|历史遗留|多个部门|相互推诿|推诿|踢皮球|涉及|赔偿|产权|宅基地|土地|合同纠纷|工程款|拖欠[^，。]{0,6}(工资|款)|违建|违章建筑/g;
const listCues = /(^|[。；;\s])(一是|二是|三是|第一|第二|第三|其一|其二|[1-9一二三四五][、.．)）])/g;
const urgentCues = /危房|裂缝|开裂|(房屋|楼体|墙体|地面|路面)[^，。]{0,4}(下沉|倾斜|塌)|摔倒|摔伤|(没|没有|无)(水|电)(?![费表])|停暖|(不|没|没有|未)供热|安全隐患|危险|危及|倒塌|塌陷|坍塌|火灾|着火|起火|爆炸|漏气|燃气泄漏|煤气|中毒|触电|漏电|电线[^，。]{0,4}(裸露|掉落|脱落)|溺水|生命|人命|救命|紧急|十万火急|急需|急救|病危|重病|抢救|走失|失踪|自杀|跳楼|轻生|停水|断水|停电|断电|没有暖气|不供暖|暖气不热|零下|冻[死坏伤]|井盖[^，。]{0,4}(丢|缺|没有|坏)|塌方|滑坡|洪水|内涝|疫情|传染/g;

const round = (x: number) => Math.round(x * 1000) / 1000;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Platt fits (p = sigmoid(a·score + b)) on the labels' dev split, fifth session. Complexity: the
 * rules called complex too seldom (a quarter of complex messages); the fit moves the cut so that
 * one cue makes a message complex. Urgency: about 3% of mail is urgent, so it takes several cues.
 */
const complexityFit = { a: 2.469, b: 1.753 };
const urgencyFit = { a: 1.141, b: -1.847 };

function matches(text: string, pattern: RegExp): string[] {
  return [...new Set([...text.matchAll(pattern)].map((m) => m[0].replace(/^[。；;\s]/, '')))];
}

/** Complex when the matter has a history, several parties or issues, or is long. */
export function suggestComplexity(title: string, content: string, category: string): Suggestion<Complexity> {
  const text = `${title}。${content}`;
  const cues = matches(text, complexCues);
  const items = matches(content, listCues);
  let score = -1.2 + 0.7 * Math.min(cues.length, 4) + (items.length >= 2 ? 0.9 : 0);
  if (content.length > 300) score += 0.8;
  else if (content.length > 150) score += 0.3;
  if (category === '咨询') score -= 0.6;
  const p = sigmoid(complexityFit.a * score + complexityFit.b);
  const evidence = [...cues.slice(0, 4), ...(items.length >= 2 ? [`分${items.length}项反映`] : []), ...(content.length > 300 ? ['内容较长'] : [])];
  return p >= 0.5
    ? { value: 'complex', confidence: round(p), evidence }
    : { value: 'simple', confidence: round(1 - p), evidence: evidence.length ? evidence : ['内容单一'] };
}

/**
 * Urgent when someone's safety, health or basic supply (water, power, heat) is at stake. A
 * proposal (建议) names dangers to argue for a change, not to ask for help now: it counts less.
 */
export function suggestUrgency(title: string, content: string, category?: string): Suggestion<Urgency> {
  const text = `${title}。${content}`;
  const cues = matches(text, urgentCues);
  const inTitle = cues.filter((c) => title.includes(c)).length;
  let score = -2 + 1.4 * Math.min(cues.length, 3) + 0.8 * Math.min(inTitle, 2);
  if (category === '建议') score -= 0.8;
  const p = sigmoid(urgencyFit.a * score + urgencyFit.b);
  return p >= 0.5
    ? { value: 'urgent', confidence: round(p), evidence: cues.slice(0, 4) }
    : { value: 'normal', confidence: round(1 - p), evidence: [] };
}
