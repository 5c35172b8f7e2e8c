/**
 * 卷内目录 as one self-contained HTML page to print: A4 landscape, the header row repeated on every
 * printed page (thead as a table header group), page numbers in the page margin (第 N 页 共 M 页,
 * where the browser prints @page margin boxes). Everything citizens wrote is escaped.
 */
import { escapeHtml } from '../bulletin/render-bulletin-html.js';
import { catalogueColumns, catalogueTitle, type ArchiveCatalogue } from './compute-archive-catalogue.js';

export function renderCatalogueHtml(c: ArchiveCatalogue): string {
  const title = catalogueTitle(c);
  const rows = c.entries.map((e) => `<tr>${catalogueColumns.map((col) => `<td class="${col.key}">${escapeHtml(String(e[col.key]))}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
@page { size: A4 landscape; margin: 12mm 10mm 14mm; @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; } }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", sans-serif; color: #000; margin: 0 auto; max-width: 277mm; font-size: 9.5pt; }
h1 { text-align: center; font-size: 16pt; margin: .4em 0; }
.meta { display: flex; justify-content: space-between; margin: .3em 0 .6em; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; font-weight: bold; text-align: center; white-space: nowrap; }
td.ledgerNo, td.channel { white-space: nowrap; }
td.no, td.author, td.receivedDate, td.settledDate, td.visitResult, td.archivedDate { text-align: center; white-space: nowrap; }
td.title { width: 24%; }
td.remark { width: 16%; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
</style>
</head>
<body>
<h1>《${escapeHtml(title)}》</h1>
<div class="meta"><span>归档卷：${escapeHtml(c.volume)}</span><span>件数：${c.entries.length} 件</span><span>区政府督查室</span><span>生成日期：${escapeHtml(c.generatedOn)}</span></div>
<table>
<thead><tr>${catalogueColumns.map((col) => `<th>${col.header}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
