/**
 * Complexity (第四条㈤: simple, answered in 2 working days; complex, 3) and urgency (第四条㈡
 * 紧急程度), with evidence. Complexity: rules that read what makes a case slow (many parties, long
 * history, money and land), the score mapped to a probability by a Platt fit on the dev half of
 * 200 messages labelled blind (eval/suggestion-labels.jsonl, weighted to all mail;
 * `scripts/eval-suggestions.ts --calibrate` prints the fit). Urgency: a logistic model over the
 * signals of urgency-signals.ts (danger to life, health or safety now, a vulnerable person at risk,
 * water, power or heat lost now, many households), fitted on 450 labelled messages
 * (scripts/fit-urgency.ts). Either way a confidence of 0.7 means about 70% right on mail like the
 * shared data's.
 */
import type { Complexity, Urgency } from '../core/domain.js';
import type { Suggestion } from './types.js';
import { urgencySignalNames, urgencySignals, type UrgencySignalName, type UrgencySignals } from './urgency-signals.js';

const complexCues = /多年|多次反映|多次投诉|反复|长期|至今(未|没有|仍)|一直(没有|未|不)|拆迁|征地|征收|补偿款|安置|集体|群体|上访|历史遗留|多个部门|相互推诿|推诿|踢皮球|涉及|赔偿|产权|宅基地|土地|合同纠纷|工程款|拖欠[^，。]{0,6}(工资|款)|违建|违章建筑/g;
const listCues = /(^|[。；;\s])(一是|二是|三是|第一|第二|第三|其一|其二|[1-9一二三四五][、.．)）])/g;

const round = (x: number) => Math.round(x * 1000) / 1000;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Platt fit (p = sigmoid(a·score + b)) on the labels' dev split, fifth session: the rules called
 * complex too seldom (a quarter of complex messages); the fit moves the cut so that one cue makes
 * a message complex.
 */
const complexityFit = { a: 2.469, b: 1.753 };

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
 * What the urgency weights read: the signals of urgency-signals.ts, and two combinations the
 * labelling policy names (a home at 15 °C or less, or unheated, with a child, an elderly or a sick
 * person, or someone made ill by the cold; a supply lost now
 * or for many households), which a sum of single signals cannot express.
 */
export const urgencyFeatureNames = [...urgencySignalNames, 'anyDanger', 'anySupplyLost', 'coldHomeVulnerable', 'supplyLostNow', 'harmInTitle'] as const;
export type UrgencyFeatureName = (typeof urgencyFeatureNames)[number];

/** The feature vector of one message, in the order of `urgencyFeatureNames` (0/1 each). */
export function urgencyFeatures(title: string, content: string, category?: string): number[] {
  return urgencyFeatureVector(urgencySignals(title, content, category));
}

/**
 * The dangers to life, health or safety of the policy. Each is rare in labelled mail, so they also
 * share one feature (any of them): its weight is learnt from all of them together, and each
 * signal's own weight only says how far it differs (L2 pulls that part to 0).
 */
const dangerSignals: readonly UrgencySignalName[] = [
  'structureFailing',
  'loadBearingRemoved',
  'fallingOrSwaying',
  'liftDanger',
  'manholeOpen',
  'gasLeak',
  'fireNow',
  'hazardousGoods',
  'electricHazard',
  'floodingHome',
  'sewageInHome',
  'burstPipe',
  'iceFromLeak',
  'violence',
  'careRefused',
];

const supplySignals: readonly UrgencySignalName[] = ['waterCut', 'powerCut', 'heatNone'];
const coldHomeSignals: readonly UrgencySignalName[] = ['roomAt15OrLess', 'heatNone', 'vulnerable', 'coldMadeIll'];

function urgencyFeatureVector({ on, inTitle }: UrgencySignals): number[] {
  const coldHomeVulnerable = ((on.roomAt15OrLess || on.heatNone) && on.vulnerable) || on.coldMadeIll ? 1 : 0;
  const anySupplyLost = supplySignals.some((n) => on[n]) ? 1 : 0;
  const supplyLostNow = anySupplyLost && (on.ongoingNow || on.manyHouseholds) ? 1 : 0;
  const anyDanger = dangerSignals.some((n) => on[n]) ? 1 : 0;
  const harmInTitle = [...dangerSignals, ...supplySignals].some((n) => inTitle.has(n)) ? 1 : 0;
  return [...urgencySignalNames.map((n) => on[n]), anyDanger, anySupplyLost, coldHomeVulnerable, supplyLostNow, harmInTitle];
}

/**
 * Fitted by scripts/fit-urgency.ts (L2 1) on the development labels only (the dev half of
 * eval/urgency-labels.jsonl and the 200 of eval/suggestion-labels.jsonl: 450 messages, 44 urgent);
 * `urgencyFit` is Platt's a, b on the out-of-fold scores, weighted to all mail, so a confidence of
 * 0.7 means about 70% right on mail like the shared data's. Cross-validated on those rows:
 * precision about 0.8 and recall about 0.5 on the dev half, 0.55 / 0.47 on the earlier 200.
 */
const urgencyBias = -3.636;
const urgencyWeights: Record<UrgencyFeatureName, number> = {
  waterCut: 0.580,
  powerCut: -0.338,
  heatNone: 0.657,
  heatWeak: 0.648,
  roomAt12OrLess: 0.110,
  roomAt15OrLess: 1.059,
  coldMadeIll: 0.764,
  vulnerable: 0.641,
  ongoingNow: -0.270,
  manyHouseholds: 0.663,
  structureFailing: -0.036,
  loadBearingRemoved: 0.476,
  fallingOrSwaying: 0.263,
  liftDanger: 0.585,
  manholeOpen: 0.160,
  gasLeak: 0.000,
  fireNow: -0.755,
  hazardousGoods: 0.323,
  electricHazard: 0.710,
  floodingHome: -0.140,
  sewageInHome: 0.000,
  burstPipe: 0.352,
  iceFromLeak: 0.631,
  peopleFell: 0.936,
  violence: -0.683,
  careRefused: 0.736,
  deadline: -0.001,
  demolitionImminent: -0.116,
  accessCut: 0.650,
  haste: 0.183,
  proposal: -0.399,
  question: -0.367,
  dangerSaid: 1.685,
  fearedRisk: 0.085,
  longStanding: -0.584,
  anyDanger: 2.738,
  anySupplyLost: 1.183,
  coldHomeVulnerable: 1.005,
  supplyLostNow: 1.339,
  harmInTitle: 1.502,
};
const urgencyFit = { a: 1.351, b: 0.277 };

/**
 * Urgent when the message reports a danger to life, health or safety now, a vulnerable person at
 * risk, a household's water, power or heat lost now, a deadline that decides a right, or many
 * households hit at once (the policy of scripts/sample-urgency-labels.ts). A logistic model over
 * the signals of urgency-signals.ts (a proposal, a question, a feared or long-standing risk count
 * against), its score mapped to a probability by a Platt fit; evidence: the words of the signals
 * that pushed towards urgent, strongest first.
 */
export function suggestUrgency(title: string, content: string, category?: string): Suggestion<Urgency> {
  const signals = urgencySignals(title, content, category);
  const x = urgencyFeatureVector(signals);
  let score = urgencyBias;
  urgencyFeatureNames.forEach((name, k) => (score += urgencyWeights[name] * x[k]!));
  const p = sigmoid(urgencyFit.a * score + urgencyFit.b);
  if (p < 0.5) return { value: 'normal', confidence: round(1 - p), evidence: [] };
  // A signal's push: its own weight plus that of each combination it is part of here (a gas leak
  // pushes through "any danger", a cold flat with a baby through "cold home, vulnerable person").
  const at = (name: UrgencyFeatureName) => x[urgencyFeatureNames.indexOf(name)]!;
  const push = (name: UrgencySignalName) =>
    urgencyWeights[name] +
    (dangerSignals.includes(name) ? urgencyWeights.anyDanger : 0) +
    (supplySignals.includes(name) ? urgencyWeights.anySupplyLost + at('supplyLostNow') * urgencyWeights.supplyLostNow : 0) +
    ((name === 'ongoingNow' || name === 'manyHouseholds') && at('supplyLostNow') ? urgencyWeights.supplyLostNow : 0) +
    (coldHomeSignals.includes(name) && at('coldHomeVulnerable') ? urgencyWeights.coldHomeVulnerable : 0) +
    ((dangerSignals.includes(name) || supplySignals.includes(name)) && signals.inTitle.has(name) ? urgencyWeights.harmInTitle : 0);
  const pushing = urgencySignalNames.filter((name) => signals.on[name] && push(name) > 0).sort((a, b) => push(b) - push(a));
  // Words of overlapping patterns (电梯突然下滑, 突然下滑) are shown once, the first found.
  const evidence: string[] = [];
  for (const word of pushing.flatMap((name) => signals.wordsOf(name))) {
    if (!evidence.some((w) => w.includes(word) || word.includes(w))) evidence.push(word);
    if (evidence.length >= 4) break;
  }
  return { value: 'urgent', confidence: round(p), evidence };
}
