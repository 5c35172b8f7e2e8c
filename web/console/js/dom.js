// DOM helpers. Untrusted text (messages from the internet, names, anything from the API) only ever
// becomes text nodes or attribute values: there is no innerHTML anywhere in the console.
const SVG_NS = 'http://www.w3.org/2000/svg';

// Bidirectional embedding, override and isolate controls (U+202A-202E, U+2066-2069): an RLO in a
// title reorders the rest of the line ("Trojan source": a title that reads as another case, or hides
// words). Intake drops them, but rows stored before it did (and replies, names, notes, site errors
// reaching the page another way) may hold them; the store keeps them as evidence. So every text the
// console shows goes through `shown` here, as core/visible-text.ts withBidiShown does for exports
// and the CLI: each control shown as U+FFFD, the text read in its stored order.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
// Attributes a person reads (tooltips, screen readers, hints); others (href, value, data-*) are data.
const SHOWN_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-valuetext', 'placeholder', 'alt', 'label']);

/** Text as staff are shown it: bidi controls as U+FFFD (one character for one, so positions hold). */
export function shown(text) {
  return String(text).replace(BIDI_CONTROLS, '\uFFFD');
}

/** Sets an element's text (its textContent), shown as h() shows text; null or undefined empties it. */
export function setText(el, text) {
  el.textContent = text === undefined || text === null ? '' : shown(text);
  return el;
}

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled') el[key] = Boolean(value);
    else if (key === 'style' || key === 'innerHTML' || key === 'outerHTML') throw new Error(`不允许的属性：${key}`);
    else el.setAttribute(key, value === true ? '' : SHOWN_ATTRIBUTES.has(key) ? shown(value) : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof window.Node ? child : document.createTextNode(shown(child)));
  }
}

/** h('div', { class: 'x', onclick }, 'text', otherNode) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** The same for SVG elements (charts). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'style') throw new Error('不允许的属性：style');
    else el.setAttribute(key, SHOWN_ATTRIBUTES.has(key) ? shown(value) : String(value));
  }
  append(el, children);
  return el;
}

/**
 * 原文: a message's page on its site, in a new tab without access to this page; null when there is
 * none to offer. Only an http(s) address becomes a link: a `javascript:` or `data:` address (from a
 * source module or a JSONL file, stored before intake dropped them) must never be one.
 */
export function originalLink(url, text = '原文', attrs = {}) {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return null;
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', ...attrs }, text);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** A transient message at the bottom of the page; returned, so a caller can take it away early (an error put right). */
export function toast(text, kind = 'ok') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: ['toast', kind], role: 'status' }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
  return item;
}

/** A share as a percent, to `decimals` places (0.667 -> 67%, or 66.7% with 1); — when there is none. */
export const pct = (v, decimals = 0) => (v === null || v === undefined ? '—' : `${Math.round(v * 100 * 10 ** decimals) / 10 ** decimals}%`);

/**
 * An instant as staff read it, China time: 「2026/12/2 19:38:16」, the date and the time joined by a
 * no-break space, so a narrow screen (a phone) never puts the time alone on the next line; — when
 * there is none.
 */
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).replace(' ', '\u00a0');
}

/** The China date (YYYY-MM-DD) of an instant (default now), as the server counts due dates. */
export const chinaDay = (at = new Date()) => new Date(at).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

export function badge(text, kind = '') {
  return h('span', { class: ['badge', kind] }, text);
}

/** A labelled form field. */
export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('span', { class: 'hint' }, hint) : null);
}

export function select(name, options, value, attrs = {}) {
  return h(
    'select',
    { name, ...attrs },
    options.map((o) => h('option', { value: o.id, selected: String(o.id) === String(value ?? '') }, o.name)),
  );
}

/**
 * Text with the given words marked (suggestion evidence), built from text nodes only. The words are
 * looked for in `readAs`, the text as the classifier read it (a letter in traditional characters,
 * simplified character for character: the same length and positions) and in `text` itself, and
 * marked in `text` at the same places, so 路燈 is marked for the word 路灯. Both are read as the
 * classifier reads them (full-width letters and digits as half-width, Latin letters in lower case,
 * still position for position), so ＡＰＰ is marked for app; a word pair of the explanation,
 * shown 路灯·不亮, is the two words side by side in the letter (路灯不亮).
 */
export function highlight(text, words, readAs = text) {
  const searched = foldWidthAndCase(typeof readAs === 'string' && readAs.length === text.length ? readAs : text);
  const written = foldWidthAndCase(text);
  const terms = [...new Set(words.filter((w) => w && w.length > 0).map((w) => foldWidthAndCase(w.replaceAll('·', ''))))].filter((w) => w.length > 0).sort((a, b) => b.length - a.length).slice(0, 20);
  if (terms.length === 0) return [text];
  // A word is found in either: the 不予受理 screening quotes the letter as written.
  const firstOf = (t, from) => {
    const a = searched.indexOf(t, from);
    const b = searched === written ? -1 : written.indexOf(t, from);
    return a === -1 ? b : b === -1 ? a : Math.min(a, b);
  };
  const out = [];
  let i = 0;
  while (i < text.length) {
    let hit = null;
    let at = text.length;
    for (const t of terms) {
      const j = firstOf(t, i);
      if (j !== -1 && (j < at || (j === at && t.length > (hit?.length ?? 0)))) {
        at = j;
        hit = t;
      }
    }
    if (!hit) {
      out.push(text.slice(i));
      break;
    }
    if (at > i) out.push(text.slice(i, at));
    out.push(h('mark', null, text.slice(at, at + hit.length)));
    i = at + hit.length;
  }
  return out;
}

/** Full-width ASCII as half-width and Latin capitals in lower case, one character for one (positions kept). */
function foldWidthAndCase(s) {
  return s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}
