/**
 * Parses a JavaScript object/array literal that is not strict JSON: unquoted keys, single-quoted
 * strings, trailing commas, comments, `undefined`. Text before the first `{`/`[` (such as
 * `var data =` or a JSONP callback name) is skipped. Never evaluates code.
 */
import { BadInputError } from '../../core/index.js';

export function parseJsLiteral(text: string): unknown {
  const startObj = text.indexOf('{');
  const startArr = text.indexOf('[');
  const candidates = [startObj, startArr].filter((i) => i >= 0);
  if (candidates.length === 0) throw new BadInputError('JS 字面量中找不到 { 或 [');
  const parser = new LiteralParser(text, Math.min(...candidates));
  return parser.value();
}

class LiteralParser {
  constructor(
    private readonly s: string,
    private i: number,
  ) {}

  private fail(what: string): never {
    throw new BadInputError(`JS 字面量解析失败（位置 ${this.i}）：${what}`);
  }

  private skip(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\uFEFF') this.i++;
      else if (c === '/' && s[this.i + 1] === '/') {
        const end = s.indexOf('\n', this.i);
        this.i = end < 0 ? s.length : end + 1;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        this.i = end < 0 ? s.length : end + 2;
      } else return;
    }
  }

  value(): unknown {
    this.skip();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") return this.string();
    if (c !== undefined && /[-+0-9.]/.test(c)) return this.number();
    const word = this.identifier();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null' || word === 'undefined') return null;
    if (word === 'NaN') return null;
    return this.fail(`意外的标识符 ${word || c}`);
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const c = this.s[this.i];
      const key = c === '"' || c === "'" ? this.string() : c !== undefined && /[0-9]/.test(c) ? String(this.number()) : this.identifier();
      if (!key) this.fail('缺少键名');
      this.skip();
      if (this.s[this.i] !== ':') this.fail(`键 ${key} 后缺少冒号`);
      this.i++;
      out[key] = this.value();
      this.skip();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail('对象中缺少逗号或 }');
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.skip();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') this.fail('数组中缺少逗号或 ]');
    }
  }

  private string(): string {
    const quote = this.s[this.i];
    let out = '';
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('字符串未结束');
      this.i++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else if (e === 'r') out += '\r';
      else if (e === 'b') out += '\b';
      else if (e === 'f') out += '\f';
      else if (e === 'u') {
        out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16));
        this.i += 4;
      } else if (e === 'x') {
        out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 2), 16));
        this.i += 2;
      } else if (e === '\n') continue;
      else out += e ?? '';
    }
  }

  private number(): number {
    const m = /^[-+]?(0x[0-9a-f]+|\d*\.?\d+(e[-+]?\d+)?)/i.exec(this.s.slice(this.i, this.i + 40));
    if (!m) this.fail('数字格式错误');
    this.i += m[0].length;
    return Number(m[0]);
  }

  private identifier(): string {
    const m = /^[A-Za-z_$\u00A0-\uFFFF][\w$\u00A0-\uFFFF]*/.exec(this.s.slice(this.i, this.i + 200));
    if (!m) return '';
    this.i += m[0].length;
    return m[0];
  }
}
