/**
 * A cheap test that a regular expression cannot match a text: the characters any match must
 * contain, read from the pattern's own source, checked against the set of characters the text
 * holds. The classifier's rule sets (the urgency signals, the out-of-scope rules) are dozens of
 * patterns each, nearly all of which match nothing in a given message, and a pattern that is not
 * anchored on a rare first character is tried at every position of the text; one pass over the
 * text to note its characters, then a few table lookups per pattern, skips most of them.
 *
 * The contract, and why a skip can never change an answer: `requiredChars(p)` is a *necessary*
 * condition. Every character that a literal, an escape or a character class of the pattern
 * consumes in a match is a character of the text, so a match's path through the pattern (one
 * alternative of each `|`, every item of a sequence, at least the minimum repeats of a quantifier,
 * the text a positive look-around saw) can only use what `TextChars` recorded. Whatever the
 * derivation cannot bound (`.`, negated classes, `\s`, `\w`, optional parts, negative
 * look-arounds, back-references, anything not understood) requires nothing, so the pattern is
 * simply run. `mayMatch` false therefore implies `pattern.test(text)` false; true says nothing.
 * required-chars.test.ts checks this on every shared message for every pattern that uses it.
 * The condition is derived, not written by hand, so a pattern added or edited carries a correct
 * one without anyone keeping a second list in step.
 */

/** A condition on the characters a text holds. */
export type CharCondition =
  | { kind: 'any'; codes: number[] } // at least one of these code units
  | { kind: 'all'; parts: CharCondition[] }
  | { kind: 'some'; parts: CharCondition[] };

/**
 * The set of code units of a text (or of several texts: then a superset of each one's, which only
 * lets fewer patterns be skipped, never a match be missed). Stamped, so that `reset` clears nothing:
 * one byte per UTF-16 code unit (64 KB), cleared once every 255 texts.
 */
export class TextChars {
  /** `stamps[c] === stamp` when code unit c is in the set. */
  readonly stamps = new Uint8Array(0x10000);
  stamp = 0;

  /** Forgets the previous text(s) and records the code units of `texts`. */
  reset(...texts: string[]): this {
    this.stamp = this.stamp === 255 ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.stamps.fill(0);
    for (const text of texts) this.add(text);
    return this;
  }

  /** Records the code units of one more text (the set then covers it too). */
  add(text: string): void {
    const { stamps, stamp } = this;
    for (let i = 0; i < text.length; i++) stamps[text.charCodeAt(i)] = stamp;
  }

  has(code: number): boolean {
    return this.stamps[code] === this.stamp;
  }
}

/** Whether `chars` meets `condition` (null: no condition, always true). The readable form; `prefiltered` runs a compiled one. */
export function meets(condition: CharCondition | null, chars: TextChars): boolean {
  if (condition === null) return true;
  switch (condition.kind) {
    case 'any':
      return condition.codes.some((c) => chars.has(c));
    case 'all':
      return condition.parts.every((p) => meets(p, chars));
    case 'some':
      return condition.parts.some((p) => meets(p, chars));
  }
}

/**
 * A condition compiled to one Int32Array, evaluated without objects: node = [kind, length, ...],
 * `length` counting the whole node so a short-circuit skips it. ANY and ALL_CHARS list code units
 * (one of them present / all present); ALL and SOME list child nodes. Evaluating the tree of
 * objects (`meets`) cost about 160 ns a pattern, 5.6 µs a message for the 35 urgency signals; this
 * about half as much.
 */
const ANY = 0;
const ALL_CHARS = 1;
const ALL = 2;
const SOME = 3;

function compile(condition: CharCondition, out: number[]): void {
  const at = out.length;
  if (condition.kind === 'any') out.push(ANY, 0, ...condition.codes);
  else if (condition.kind === 'some') {
    out.push(SOME, 0);
    for (const p of condition.parts) compile(p, out);
  } else {
    // The single characters of an ALL are one list, tested first (the cheapest parts).
    const singles = condition.parts.filter((p) => p.kind === 'any' && p.codes.length === 1).map((p) => (p as { codes: number[] }).codes[0]!);
    const others = condition.parts.filter((p) => !(p.kind === 'any' && p.codes.length === 1));
    if (others.length === 0) out.push(ALL_CHARS, 0, ...singles);
    else {
      out.push(ALL, 0);
      if (singles.length > 0) out.push(ALL_CHARS, singles.length + 2, ...singles);
      for (const p of others) compile(p, out);
    }
  }
  out[at + 1] = out.length - at;
}

function run(program: Int32Array, at: number, stamps: Uint8Array, stamp: number): boolean {
  const kind = program[at]!;
  const end = at + program[at + 1]!;
  let i = at + 2;
  switch (kind) {
    case ANY:
      for (; i < end; i++) if (stamps[program[i]!] === stamp) return true;
      return false;
    case ALL_CHARS:
      for (; i < end; i++) if (stamps[program[i]!] !== stamp) return false;
      return true;
    case ALL:
      for (; i < end; i += program[i + 1]!) if (!run(program, i, stamps, stamp)) return false;
      return true;
    default:
      for (; i < end; i += program[i + 1]!) if (run(program, i, stamps, stamp)) return true;
      return false;
  }
}

/** A pattern with its derived condition: `mayMatch` false means the pattern cannot match the text `chars` was built from. */
export interface Prefiltered {
  readonly pattern: RegExp;
  readonly condition: CharCondition | null;
  mayMatch(chars: TextChars): boolean;
}

export function prefiltered(pattern: RegExp): Prefiltered {
  const condition = requiredChars(pattern);
  if (condition === null) return { pattern, condition, mayMatch: () => true };
  const out: number[] = [];
  compile(condition, out);
  const program = Int32Array.from(out);
  return { pattern, condition, mayMatch: (chars) => run(program, 0, chars.stamps, chars.stamp) };
}

// --- Building conditions -------------------------------------------------------------------------

const anyOf = (codes: Iterable<number>): CharCondition => ({ kind: 'any', codes: [...new Set(codes)].sort((a, b) => a - b) });

function allOf(parts: (CharCondition | null)[]): CharCondition | null {
  const flat: CharCondition[] = [];
  for (const p of parts) {
    if (p === null) continue;
    if (p.kind === 'all') flat.push(...p.parts);
    else flat.push(p);
  }
  if (flat.length === 0) return null;
  // A character needed twice (房屋 of 房屋结构 and 房子) is looked up once.
  const seen = new Set<number>();
  const unique = flat.filter((p) => {
    if (p.kind !== 'any' || p.codes.length !== 1) return true;
    if (seen.has(p.codes[0]!)) return false;
    seen.add(p.codes[0]!);
    return true;
  });
  return unique.length === 1 ? unique[0]! : { kind: 'all', parts: unique };
}

function someOf(parts: (CharCondition | null)[]): CharCondition | null {
  const flat: CharCondition[] = [];
  const single = new Set<number>();
  for (const p of parts) {
    // One alternative that needs nothing: the whole needs nothing.
    if (p === null) return null;
    if (p.kind === 'some') flat.push(...p.parts);
    else flat.push(p);
  }
  // Alternatives that each need one of a few characters fold into one lookup list.
  const rest = flat.filter((p) => {
    if (p.kind !== 'any') return true;
    for (const c of p.codes) single.add(c);
    return false;
  });
  if (single.size > 0) rest.unshift(anyOf(single));
  return rest.length === 1 ? rest[0]! : { kind: 'some', parts: rest };
}

/** Ranges wider than this (a-z is 26, CJK blocks are thousands) are not worth listing: no condition. */
const maxClassSize = 256;

/**
 * The condition every match of `pattern` meets (null when the derivation finds none). Reads the
 * pattern's source with the syntax of a non-`v` JavaScript regular expression; under the `i`
 * flag an ASCII letter needs either case, and a letter of any other script (whose case folding
 * this does not model) needs nothing.
 */
export function requiredChars(pattern: RegExp): CharCondition | null {
  if (pattern.flags.includes('v')) return null;
  return new SourceReader(pattern.source, pattern.flags.includes('i'), pattern.flags.includes('u')).read();
}

/** A counted quantifier ({2}, {0,6}, {5,}); any other brace is a literal character. */
const quantifierBraces = /\{(\d+)(,\d*)?\}/y;
const simpleEscapes: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };

class SourceReader {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
    private readonly unicode: boolean,
  ) {}

  read(): CharCondition | null {
    const condition = this.alternation();
    // Anything left over (an unbalanced ')') is syntax this reader does not follow: no condition.
    return this.at === this.source.length ? condition : null;
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.at + offset];
  }

  private alternation(): CharCondition | null {
    const alternatives = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      alternatives.push(this.sequence());
    }
    return alternatives.length === 1 ? alternatives[0]! : someOf(alternatives);
  }

  private sequence(): CharCondition | null {
    const items: (CharCondition | null)[] = [];
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return allOf(items);
  }

  /** Applies a quantifier after an atom, if any: a part that may be absent requires nothing. */
  private quantified(atom: CharCondition | null): CharCondition | null {
    const c = this.peek();
    let min: number | undefined;
    if (c === '*' || c === '?') {
      this.at++;
      min = 0;
    } else if (c === '+') {
      this.at++;
      min = 1;
    } else if (c === '{') {
      quantifierBraces.lastIndex = this.at;
      const braces = quantifierBraces.exec(this.source);
      if (braces) {
        this.at += braces[0].length;
        min = Number(braces[1]);
      }
    }
    if (min === undefined) return atom;
    if (this.peek() === '?') this.at++; // lazy
    return min >= 1 ? atom : null;
  }

  private atom(): CharCondition | null {
    const c = this.source[this.at++]!;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.escape(false);
      case '.':
      case '^':
      case '$':
        return null;
      default:
        return this.literal(c.charCodeAt(0));
    }
  }

  private group(): CharCondition | null {
    let negative = false;
    if (this.peek() === '?') {
      const head = this.source.slice(this.at, this.at + 3);
      if (head.startsWith('?:') || head.startsWith('?=')) this.at += 2;
      else if (head.startsWith('?!')) [this.at, negative] = [this.at + 2, true];
      else if (head === '?<=') this.at += 3;
      else if (head === '?<!') [this.at, negative] = [this.at + 3, true];
      else if (head.startsWith('?<')) this.at = this.source.indexOf('>', this.at) + 1; // named group
      else throw new Error(`required-chars: unsupported group syntax at ${this.at} of /${this.source}/`);
    }
    const inner = this.alternation();
    if (this.source[this.at++] !== ')') throw new Error(`required-chars: unbalanced group in /${this.source}/`);
    // A positive look-around saw its text in the text too; a negative one requires nothing.
    return negative ? null : inner;
  }

  /** One character of the pattern, as the text must hold it (either case under `i` for ASCII letters). */
  private literal(code: number): CharCondition | null {
    if (!this.ignoreCase) return anyOf([code]);
    const ch = String.fromCharCode(code);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) return anyOf([code]);
    const ascii = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    // Unicode case folding under /iu (k and the Kelvin sign, s and ſ) or of other scripts is not modelled.
    if (!ascii || this.unicode) return null;
    return anyOf([lower.charCodeAt(0), upper.charCodeAt(0)]);
  }

  /**
   * An escape after the backslash: the code units it may match, or null when it matches an open
   * set (\s, \w, \p{…}), nothing (\b) or a back-reference. `inClass`: \b is a backspace there.
   */
  private escapeCodes(inClass: boolean): number[] | null {
    const c = this.source[this.at++]!;
    if (c === 'd') return Array.from({ length: 10 }, (_, i) => 48 + i);
    if (c === 'b' && inClass) return [8];
    if ('DsSwWbB'.includes(c)) return null;
    if (c === 'p' || c === 'P') {
      if (this.peek() === '{') this.at = this.source.indexOf('}', this.at) + 1;
      return null;
    }
    if (c === 'k') {
      if (this.peek() === '<') this.at = this.source.indexOf('>', this.at) + 1;
      return null;
    }
    if (c >= '1' && c <= '9') {
      while (/\d/.test(this.peek() ?? '')) this.at++;
      return null;
    }
    if (c === 'u' && this.peek() === '{') {
      const end = this.source.indexOf('}', this.at);
      const point = parseInt(this.source.slice(this.at + 1, end), 16);
      this.at = end + 1;
      // An astral code point: its high surrogate is in the text (and is what is recorded).
      return [String.fromCodePoint(point).charCodeAt(0)];
    }
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(this.source.slice(this.at, this.at + 4))) {
      this.at += 4;
      return [parseInt(this.source.slice(this.at - 4, this.at), 16)];
    }
    if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(this.source.slice(this.at, this.at + 2))) {
      this.at += 2;
      return [parseInt(this.source.slice(this.at - 2, this.at), 16)];
    }
    if (c === 'c') return null;
    if (c in simpleEscapes) return [simpleEscapes[c]!];
    // An escaped character stands for itself (\. \( \/ \- \]).
    return [c.charCodeAt(0)];
  }

  private escape(inClass: boolean): CharCondition | null {
    const codes = this.escapeCodes(inClass);
    if (codes === null) return null;
    if (codes.length === 1) return this.literal(codes[0]!);
    return anyOf(codes);
  }

  /** A character class after its '[': the characters listed, or null when negated, open or too wide. */
  private characterClass(): CharCondition | null {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    let open = false;
    const codes = new Set<number>();
    const member = (): number[] | null => {
      const c = this.source[this.at++]!;
      if (c === '\\') return this.escapeCodes(true);
      const code = c.charCodeAt(0);
      // Under /u a surrogate pair is one member (and may start a range): not modelled, no condition.
      return this.unicode && code >= 0xd800 && code <= 0xdfff ? null : [code];
    };
    while (this.at < this.source.length && this.peek() !== ']') {
      const from = member();
      if (from === null) {
        open = true;
        continue;
      }
      if (from.length === 1 && this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.at++;
        const to = member();
        if (to === null || to.length !== 1) {
          open = true;
          continue;
        }
        if (to[0]! - from[0]! + 1 > maxClassSize) open = true;
        else for (let k = from[0]!; k <= to[0]!; k++) codes.add(k);
        continue;
      }
      for (const k of from) codes.add(k);
    }
    if (this.source[this.at++] !== ']') throw new Error(`required-chars: unbalanced class in /${this.source}/`);
    if (negated || open || codes.size === 0) return null;
    if (!this.ignoreCase) return anyOf(codes);
    const folded = new Set<number>();
    for (const k of codes) {
      const one = this.literal(k);
      if (one === null || one.kind !== 'any') return null;
      for (const f of one.codes) folded.add(f);
    }
    return anyOf(folded);
  }
}
