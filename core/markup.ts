/**
 * Web-page markup left in a message's text. Text that someone else's tool scraped from a page can
 * keep the page's tags (<p>, <br/>) and character references (&nbsp;, &amp;, &#12290;). No citizen
 * writes them, and they change what the classifier and the duplicate check read: a copy with
 * &nbsp; after each comma and <br/> after each sentence read 0.88 like its original instead of 1,
 * and 13 of 200 such copies of Dalian messages were not linked to their originals.
 *
 * `withoutMarkup` makes tags that end a line or a block line breaks, drops other tags and HTML
 * comments, and decodes character references. Text with neither '<' nor '&' is returned as it is
 * (the crawlers hand over text already; the shared data has none), and a '<' or '&' that opens no
 * tag or reference (温度<10度, A&B公司) is kept.
 */
const tag = /<!--[\s\S]{0,2000}?-->|<\/?([a-zA-Z][a-zA-Z0-9]{0,9})(?:\s[^<>]{0,500})?\/?>/g;
const breaking = new Set(['br', 'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol', 'section', 'article']);
const reference = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/g;
const named: Readonly<Record<string, string>> = {
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  middot: '·',
  times: '×',
  divide: '÷',
  yen: '¥',
  deg: '°',
  plusmn: '±',
  copy: '©',
  reg: '®',
};

function decodeReference(whole: string, decimal?: string, hex?: string, name?: string): string {
  if (name !== undefined) return named[name.toLowerCase()] ?? whole;
  const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex!, 16);
  // Surrogates and NUL are not characters; beyond 0x10FFFF there are none.
  if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
  return String.fromCodePoint(code);
}

export function withoutMarkup(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  const untagged = text.includes('<') ? text.replace(tag, (_whole, name?: string) => (name && breaking.has(name.toLowerCase()) ? '\n' : '')) : text;
  return untagged.includes('&') ? untagged.replace(reference, decodeReference) : untagged;
}

/**
 * Some sites store bodies percent-encoded (%E6%88%91...): runs of %XX that form valid UTF-8 are
 * decoded, anything else (50%的, a broken run) is kept as written.
 */
export function decodePercentRuns(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
