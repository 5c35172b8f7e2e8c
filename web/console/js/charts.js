// Inline SVG charts built with DOM calls (no markup strings): horizontal bars and stacked columns.
import { h, s } from './dom.js';

const palette = ['#c62828', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037'];

/** Width of a line of 12px chart text, on the generous side (fonts differ): full-width characters (汉字, （）) 13px, others 8px. */
const textWidth = (text) => [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e7f ? 13 : 8), 0);

/**
 * The width a chart is drawn at: the room inside its box once it is on the page (`room`, its
 * figure's width), so a chart in a full-width card spans the card instead of keeping its own width;
 * before that, its own width, or on a window narrower than that plus the page's and the card's
 * margins (a phone) the room there is. Never below 280 px: its 12px text shows at 12px instead of
 * the whole drawing being shrunk to the screen (at 375 px, to 6px text). Read when the chart is
 * built, and again by followWindowWidth.
 */
const fitWidth = (width, room) => Math.max(280, room ?? (typeof window === 'undefined' ? width : Math.min(width, window.innerWidth - 56)));

/** A chart's drawing, kept to draw it again at another width: figure -> { drawn, width, draw(width) -> the figure's new children }. */
const redrawable = new WeakMap();

/** The chart figure drawn by `draw` at its fitted width, remembered for followWindowWidth. */
function fitted(drawn, draw) {
  const width = fitWidth(drawn);
  const figure = h('figure', { class: 'chart-box' }, draw(width));
  redrawable.set(figure, { drawn, width, draw });
  return figure;
}

/** A chart narrower than its box by less than this keeps its drawing: a window resized a little does not redraw it. */
const redrawStep = 24;

/**
 * Draws the charts under `root` to the width of their boxes: at once (the page has just been
 * built), then again when the window's width changes (a phone turned, a window resized), once it
 * has settled (debounced), and only a chart that no longer fits its box or is redrawStep or more
 * narrower than it. A page with charts returns the result from its render, so the router's
 * teardown (console.js route) removes the listener when the page is left.
 */
export function followWindowWidth(root, { wait = 150 } = {}) {
  let timer = null;
  const redraw = () => {
    timer = null;
    for (const figure of root.querySelectorAll('figure.chart-box')) {
      const chart = redrawable.get(figure);
      // A figure not laid out (a hidden tab) keeps its drawing.
      if (!chart || figure.clientWidth === 0) continue;
      const width = fitWidth(chart.drawn, figure.clientWidth);
      if (chart.width <= width && width - chart.width < redrawStep) continue;
      chart.width = width;
      figure.replaceChildren(...chart.draw(width));
    }
  };
  redraw();
  const onResize = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(redraw, wait);
  };
  window.addEventListener('resize', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    if (timer !== null) clearTimeout(timer);
  };
}

/** `text` cut to `room` px of 12px chart text, with … when cut. */
function clip(text, room) {
  if (textWidth(text) <= room) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`) > room) chars.pop();
  return `${chars.join('')}…`;
}

/** rows: [{ label, value (0..max), text }] */
export function barChart(rows, { max = 1, width: drawn = 560, title = '' } = {}) {
  return fitted(drawn, (width) => barChartAt(rows, { max, width, title }));
}

/** The bar chart drawn `width` px wide: the figure's children. */
function barChartAt(rows, { max, width, title }) {
  const rowH = 26;
  // A narrowed chart gives its labels a third of the width; a label longer than that is cut with …
  // and shown whole on hover (its <title>).
  const labelW = Math.min(150, Math.round(width / 3));
  // The bars leave room for the longest value text (「100%（12/15）」), which is never cut off.
  const valueW = Math.max(62, ...rows.map((r) => textWidth(r.text ?? String(r.value ?? '—')))) + 8;
  const barW = width - labelW - valueW;
  const height = Math.max(rowH * rows.length + 10, 40);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart' });
  if (rows.length === 0) svg.append(s('text', { x: 10, y: 24, class: 'chart-empty' }, '暂无数据'));
  rows.forEach((r, i) => {
    const y = 5 + i * rowH;
    const w = max > 0 && r.value !== null ? Math.max(0, Math.min(1, r.value / max)) * barW : 0;
    svg.append(
      s('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'chart-label' }, clip(r.label, labelW - 10), s('title', null, r.label)),
      s('rect', { x: labelW, y: y + 3, width: barW, height: rowH - 8, class: 'chart-track', rx: 3 }),
      s('rect', { x: labelW, y: y + 3, width: w, height: rowH - 8, fill: r.color ?? palette[1], rx: 3 }),
      s('text', { x: labelW + barW + 8, y: y + 16, class: 'chart-value' }, r.text ?? String(r.value ?? '—')),
    );
  });
  return [title ? h('figcaption', null, title) : null, svg].filter(Boolean);
}

/** Stacked columns: labels along x, series = { name: number[] }; axisLabel shortens a label under its column (dates: MM-DD). */
export function stackedColumns(labels, series, { width: drawn = 640, height = 240, title = '', axisLabel = (label) => label.slice(5) } = {}) {
  return fitted(drawn, (width) => stackedColumnsAt(labels, series, { width, height, title, axisLabel }));
}

/** The stacked columns drawn `width` px wide: the figure's children. */
function stackedColumnsAt(labels, series, { width, height, title, axisLabel }) {
  const names = Object.keys(series);
  const totals = labels.map((_, i) => names.reduce((n, k) => n + (series[k][i] ?? 0), 0));
  // Whole-number gridlines: four steps of a round size.
  const step = Math.max(1, Math.ceil(Math.max(1, ...totals) / 4));
  const max = step * 4;
  const left = 36;
  const bottom = 28;
  const plotH = height - bottom - 10;
  const colW = (width - left - 10) / Math.max(labels.length, 1);
  const widestLabel = Math.max(0, ...labels.map((label) => textWidth(axisLabel(label))));
  const labelEvery = Math.max(1, Math.ceil((widestLabel + 6) / colW));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart' });
  for (let t = 0; t <= 4; t++) {
    const v = step * t;
    const y = 10 + plotH - (plotH * v) / max;
    svg.append(s('line', { x1: left, x2: width - 10, y1: y, y2: y, class: 'chart-grid' }), s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-axis' }, String(v)));
  }
  labels.forEach((label, i) => {
    let y = 10 + plotH;
    const x = left + i * colW + colW * 0.15;
    names.forEach((name, k) => {
      const v = series[name][i] ?? 0;
      if (!v) return;
      const hgt = (plotH * v) / max;
      y -= hgt;
      const rect = s('rect', { x, y, width: colW * 0.7, height: hgt, fill: palette[k % palette.length] });
      rect.append(s('title', null, `${label} ${name}：${v}`));
      svg.append(rect);
    });
    // Columns too narrow for every label (a phone, a year of weeks) label every second or third one, the last always.
    if ((labels.length - 1 - i) % labelEvery === 0) svg.append(s('text', { x: x + colW * 0.35, y: height - 10, 'text-anchor': 'middle', class: 'chart-axis' }, axisLabel(label)));
  });
  const legend = h('div', { class: 'legend' }, names.map((n, k) => h('span', null, h('i', { class: `swatch c${k % palette.length}` }), n)));
  return [title ? h('figcaption', null, title) : null, svg, legend].filter(Boolean);
}
