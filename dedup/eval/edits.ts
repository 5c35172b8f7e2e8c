/**
 * Deterministic edits that turn a real message into a realistic copy: what happens when the same
 * message is re-posted, forwarded or copied. The labeled pair set stores only (base id, edit, seed);
 * the text is rebuilt from the shared data at evaluation time.
 */
import * as OpenCC from 'opencc-js';
import { seededRandom } from '../hash.js';

export const editKinds = ['punctuation', 'traditional', 'append', 'prefix', 'truncate', 'typos', 'combined'] as const;
export type EditKind = (typeof editKinds)[number];

export interface Edit {
  kind: EditKind;
  seed: number;
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

// Written for this evaluation (not taken from the data): what people add when they post again.
const additions = [
  '此问题已经反映过多次，至今没有得到答复，请尽快处理。',
  '再次反映，希望领导重视，给老百姓一个说法。',
  '上次留言后一直没人联系我，问题依然存在。',
  '请相关部门尽快解决，谢谢！',
  '联系电话见留言，盼复。',
  '这个问题严重影响了周边居民的正常生活，希望有关部门能够实地查看。',
];
const prefixes = ['再次反映：', '重复反映！', '转：', '【紧急】', '第二次反映，'];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[rnd() % list.length]!;
}

const halfToFull = (ch: string) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0);

function punctuation(text: string, rnd: () => number): string {
  return text
    .replace(/，/g, () => (rnd() % 2 ? ',' : ' , '))
    .replace(/。/g, () => (rnd() % 2 ? '.' : '。 '))
    .replace(/[0-9A-Za-z]/g, (ch) => (rnd() % 2 ? halfToFull(ch) : ch))
    .replace(/[：:]/g, ' ')
    .replace(/！/g, '!!');
}

function typos(text: string, rnd: () => number, rate = 0.03): string {
  const chars = [...text];
  const out: string[] = [];
  for (const ch of chars) {
    const r = (rnd() % 1000) / 1000;
    if (r < rate / 2) continue; // dropped character
    if (r < rate) out.push(ch, ch); // doubled character
    else out.push(ch);
  }
  return out.join('');
}

/** Applies an edit to a message; deterministic in (message, edit). */
export function applyEdit(message: { title: string; content: string }, edit: Edit): { title: string; content: string } {
  const rnd = seededRandom(edit.seed);
  const { title, content } = message;
  switch (edit.kind) {
    case 'punctuation':
      return { title: punctuation(title, rnd), content: punctuation(content, rnd) };
    case 'traditional':
      return { title: toTraditional(title), content: toTraditional(content) };
    case 'append':
      return { title: `${title}（再次反映）`, content: `${content}${pick(rnd, additions)}` };
    case 'prefix':
      return { title: `${pick(rnd, prefixes)}${title}`, content: `${pick(rnd, prefixes)}${content}` };
    case 'truncate': {
      const keep = 0.5 + ((rnd() % 30) / 100); // 50% .. 79% of the body, as a scraper that cut it short
      return { title, content: [...content].slice(0, Math.max(1, Math.round([...content].length * keep))).join('') };
    }
    case 'typos':
      return { title, content: typos(content, rnd) };
    case 'combined': {
      const cut = [...content].slice(0, Math.round([...content].length * 0.85)).join('');
      return { title: toTraditional(title), content: toTraditional(punctuation(typos(cut, rnd, 0.02), rnd)) + pick(rnd, additions) };
    }
  }
}
