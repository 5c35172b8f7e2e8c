/** catalogue: 卷内目录, the printable list of one archive volume's cases (HTML and XLSX). */
export { computeArchiveCatalogue, catalogueColumns, catalogueRoles, catalogueTitle, parseVolume, type ArchiveCatalogue, type CatalogueEntry } from './compute-archive-catalogue.js';
export { renderCatalogueHtml } from './render-catalogue-html.js';
export { buildCatalogueWorkbook, catalogueXlsxBuffer, catalogueHeaderRow } from './write-catalogue-xlsx.js';
export { renderArchiveCatalogue, writeCatalogueFiles, catalogueFileName, type RenderCatalogueInput } from './generate-archive-catalogue.js';
export { caseRecordFileName, caseRecordRoles, readCaseRecord, renderCaseRecordHtml } from './case-record.js';
