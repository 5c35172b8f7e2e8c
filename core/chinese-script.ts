/**
 * Traditional to simplified Chinese, character by character: what de-duplication's canonical form
 * and the out-of-scope screening both need. One character in, one character out, so a converted
 * text keeps its length and every position (evidence found in the converted text can be cut from
 * the original at the same place), and the same input always maps the same way.
 */
import * as OpenCC from 'opencc-js/t2cn';

const CJK_START = 0x3400;
const CJK_END = 0x9fff;
let table: Uint16Array | undefined;

/**
 * Character table traditional -> simplified over the CJK blocks, built on first use (about 0.1 s)
 * from OpenCC's Taiwan and Hong Kong presets (which include variant forms: 臺/台, 裡/裏/里).
 * Character by character is ~50x faster than running OpenCC's phrase converter on every message.
 */
function simplifiedTable(): Uint16Array {
  if (table) return table;
  const fromHongKong = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const fromTaiwan = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const out = new Uint16Array(CJK_END - CJK_START + 1);
  const chars: string[] = [];
  for (let c = CJK_START; c <= CJK_END; c++) chars.push(String.fromCharCode(c));
  // One converter call over all characters, one per line, so no phrase rule can span two of them.
  const converted = fromTaiwan(fromHongKong(chars.join('\n'))).split('\n');
  for (let i = 0; i < chars.length; i++) {
    const to = converted[i] ?? '';
    out[i] = to.length === 1 && to !== chars[i] ? to.charCodeAt(0) : 0;
  }
  return (table = out);
}

/** Traditional (Taiwan or Hong Kong forms) to simplified Chinese; other characters unchanged. */
export function toSimplified(text: string): string {
  const map = simplifiedTable();
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < CJK_START || c > CJK_END) continue;
    const to = map[c - CJK_START]!;
    if (to === 0) continue;
    out += text.slice(from, i) + String.fromCharCode(to);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Characters found only in traditional writing and common in letters (們, 這, 說, 區, 電話 …): one
 * of them marks a text to convert. Callers convert only such texts, so simplified text (nearly
 * all mail) is never touched and costs one code-unit loop.
 */
const traditionalHints = '們個這來說時會對過還後發經國學與現開關為無區電話機長門見東書處將當從頭實體樣應讓認識給間變聽點歲歷總錢網頁華連萬';
const isTraditionalHint = new Uint8Array(CJK_END - CJK_START + 1);
for (const c of traditionalHints) isTraditionalHint[c.charCodeAt(0) - CJK_START] = 1;

/** True when the text has a traditional-only character of the hint list (a code-unit loop: a character-class match cost 4 µs a message). */
export function looksTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= CJK_START && c <= CJK_END && isTraditionalHint[c - CJK_START]) return true;
  }
  return false;
}
