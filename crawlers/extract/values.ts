/**
 * Normalising raw text taken from pages: times to ISO 8601 (sites print China time, UTC+8),
 * whitespace, origin levels. Pure functions.
 */

/**
 * A clock after a date: an optional half of the day, hour, minute, optional second, optional AM/PM
 * (groups: half, hour, minute, second, am/pm).
 */
const clockPattern = '(上午|下午|中午|晚上|早上|凌晨|傍晚|夜里|夜间)?\\s*(\\d{1,2})\\s*[:时点]\\s*(\\d{1,2})(?:\\s*[:分]\\s*(\\d{1,2}))?\\s*分?\\s*秒?(?:\\s*(AM|PM)\\b)?';
/** A date, then maybe its clock (groups: year, month, day, then clockPattern's). */
const dateTime = new RegExp(`(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?(?:[\\sT]*${clockPattern})?`, 'i');
/** A clock alone, as after 昨天 or a date without its year. */
const clockOnly = new RegExp(`^\\s*${clockPattern}\\s*$`, 'i');

/**
 * Site time text -> `YYYY-MM-DDTHH:mm:ss+08:00`. Accepts `2023-05-01 12:30(:05)`, `2023/5/1`,
 * `2023.05.01`, `2023年5月1日 12时30分` (or 12点30分), ISO with a zone (kept), epoch
 * seconds/milliseconds; digits and separators in full width (`２０２３年５月１日 １２：３０`, the space often an ideographic one,
 * as old sites print them) and a 12-hour clock with its half of the day (`下午2:20`, `晚上8点15分`, `2:20 PM`).
 * Undefined when nothing date-like is found.
 */
export function normalizeTime(text: string | undefined, now: Date = new Date()): string | undefined {
  if (!text) return undefined;
  // NFKC folds full-width digits, colons, slashes, hyphens and the ideographic space to ASCII.
  const t = text.normalize('NFKC').trim();
  const shortForm = shortTime(t, now);
  if (shortForm) return shortForm;
  if (/^\d{10}$|^\d{13}$/.test(t)) return toChinaIso(new Date(t.length === 10 ? Number(t) * 1000 : Number(t)));
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? undefined : toChinaIso(d);
  }
  const m = dateTime.exec(t);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const hour = hourOf(m[4], m[5], m[8]);
  const [mi, s] = [Number(m[6] ?? 0), Number(m[7] ?? 0)];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour === undefined || mi > 59 || s > 59) return undefined;
  return `${y}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(mi)}:${pad(s)}+08:00`;
}

/**
 * The hour on a 24-hour clock: a 12-hour clock's hour moved by its half of the day (下午2 → 14, 12 AM → 0,
 * 中午12 → 12); a 24-hour hour after 下午 (下午14:20) kept. Undefined when impossible (上午14, 25).
 */
function hourOf(half: string | undefined, hourText: string | undefined, amPm: string | undefined): number | undefined {
  const hour = Number(hourText ?? 0);
  if (hour > 23) return undefined;
  const pm = /^(下午|晚上|傍晚|夜里|夜间)$/.test(half ?? '') || /^pm$/i.test(amPm ?? '') || (half === '中午' && hour < 11);
  const am = /^(上午|早上|凌晨)$/.test(half ?? '') || /^am$/i.test(amPm ?? '');
  if (pm) return hour < 12 ? hour + 12 : hour;
  if (am) return hour > 12 ? undefined : hour === 12 ? 0 : hour;
  return hour;
}

/**
 * The short forms boards print for recent messages, which stay the same moment from one run to the
 * next: `今天 09:12`, `昨天 14:30`, `前天`, a date without its year, `11-27 14:30` or `11月27日`
 * (this year, or last year when that would be more than a day ahead), and a date with a year of two
 * digits, `26-11-03` (2026; none when more than a day ahead). Undefined for anything else.
 * Counts like `3小时前` are left as they are: they name another moment at each run.
 */
function shortTime(t: string, now: Date): string | undefined {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const clock = (rest: string | undefined) => clockOnly.exec(rest ?? '');
  const at = (y: number, mo: number, d: number, rest: string | undefined) => {
    const c = rest?.trim() ? clock(rest) : undefined;
    if (rest?.trim() && !c) return undefined;
    const h = c ? hourOf(c[1], c[2], c[5]) : 0;
    const [mi, s] = [Number(c?.[3] ?? 0), Number(c?.[4] ?? 0)];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h === undefined || mi > 59 || s > 59) return undefined;
    return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}+08:00`;
  };
  const relative = /^(今天|今日|昨天|昨日|前天)(.*)$/.exec(t);
  if (relative) {
    const back = relative[1]?.startsWith('前') ? 2 : relative[1]?.startsWith('昨') ? 1 : 0;
    const day = new Date(china.getTime() - back * 86_400_000);
    return at(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), relative[2]);
  }
  // A year of two digits (`26-11-03`, `26/11/03 14:20`), read as 20YY-MM-DD, as Chinese sites
  // print it, when that is no later than tomorrow: a later one (`30-11-25`) is taken for no date.
  const shortYear = /^(\d{2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?=\s|T|$)T?(.*)$/.exec(t);
  if (shortYear) {
    const iso = at(2000 + Number(shortYear[1]), Number(shortYear[3]), Number(shortYear[4]), shortYear[5]);
    return iso && Date.parse(iso) <= now.getTime() + 86_400_000 ? iso : undefined;
  }
  const yearless = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?=\s|$)(.*)$/.exec(t);
  if (yearless) {
    const year = china.getUTCFullYear();
    const iso = at(year, Number(yearless[1]), Number(yearless[2]), yearless[3]);
    // A date more than a day ahead is last year's (a message of late December read in January).
    if (iso && Date.parse(iso) > now.getTime() + 86_400_000) return at(year - 1, Number(yearless[1]), Number(yearless[2]), yearless[3]);
    return iso;
  }
  return undefined;
}

/** A date only (`YYYY-MM-DD`), for deadlines. */
export function normalizeDate(text: string | undefined): string | undefined {
  return normalizeTime(text)?.slice(0, 10);
}

function toChinaIso(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  const local = new Date(date.getTime() + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Collapses runs of spaces inside lines, trims lines, drops blank lines at the ends and doubles. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\f\v \u00A0\u3000]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim();
}

/** Named character references that Chinese sites' JSON carries in text (the rest come as numeric ones). */
const namedEntities: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', laquo: '«', raquo: '»', hellip: '…', mdash: '—', ndash: '–',
  middot: '·', bull: '•', times: '×', divide: '÷', plusmn: '±', deg: '°', yen: '¥', copy: '©', reg: '®', trade: '™',
  sup2: '²', sup3: '³', frac12: '½', permil: '‰', larr: '←', rarr: '→', uarr: '↑', darr: '↓',
};

/**
 * Decodes HTML character references (`&quot;`, `&amp;`, `&#25552;`, `&#x4E2D;`) in text that a
 * JSON API carries HTML-escaped, as a browser would show it. Only complete references (with `;`):
 * a bare `&` in a citizen's text stays as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,7});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return namedEntities[ref] ?? namedEntities[ref.toLowerCase()] ?? whole;
  });
}

/** 省/province -> province, 市/city -> city; undefined otherwise. */
export function normalizeOriginLevel(text: string | undefined): 'province' | 'city' | undefined {
  if (!text) return undefined;
  const t = text.trim().toLowerCase();
  if (t === 'province' || t.includes('省')) return 'province';
  if (t === 'city' || t.includes('市')) return 'city';
  return undefined;
}

/**
 * Reads `a.b[0].c` (or `a.b.0.c`) from a parsed JSON value; '' is the value itself. A negative
 * index counts from an array's end (`replies[-1].content`: the last reply of several).
 */
export function getPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let current: unknown = value;
  for (const part of path.replace(/\[(-?\d+)\]/g, '.$1').split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) && /^-\d+$/.test(part) ? current.at(Number(part)) : (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Fills `{name}` placeholders from values; unknown names become ''. */
export function fillTemplate(template: string, values: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = values[name];
    return v === undefined ? '' : String(v);
  });
}
