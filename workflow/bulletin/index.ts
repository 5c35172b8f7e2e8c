/** bulletin: 《印台政务通报》 figures, HTML (inline SVG charts) and XLSX. */
export * from './compute-bulletin.js';
export type { BulletinCriticisedCase, BulletinOverdueCase } from './bulletin-case-lists.js';
export { renderBulletinHtml, barChartSvg, escapeHtml } from './render-bulletin-html.js';
export { writeBulletinXlsx, buildBulletinWorkbook, bulletinXlsxBuffer } from './write-bulletin-xlsx.js';
export { unitBulletinView, type UnitBulletinView } from './unit-bulletin.js';
export { generateBulletin, type GenerateBulletinInput } from './generate-bulletin.js';
