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
