/** exports: classified batches as CSV, XLSX or JSON, optionally masked, streamed and logged. */
export { maskName, maskText } from './mask.js';
export {
  exportColumns,
  exportFilterSchema,
  reviewStatuses,
  reviewStatusNames,
  countExportRows,
  exportRowBatches,
  type ExportFilter,
  type ExportRow,
  type ReviewStatus,
} from './export-rows.js';
export { createBatchWriter, csvField, exportFormats, exportContentTypes, type ExportFormat, type BatchWriter } from './writers.js';
export { runExport, listExportLogs, exportRoles, type RunExportInput, type ExportResult } from './run-export.js';
