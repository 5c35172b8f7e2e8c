/** exports: classified batches, one row per case (default) or per message, as CSV, XLSX or JSON, optionally masked, streamed and logged; console exports as jobs in the store. */
export { maskName, maskText } from './mask.js';
export {
  exportColumns,
  exportConditions,
  exportFilterSchema,
  exportRowKinds,
  exportRowKindNames,
  exportDateBases,
  exportDateBasisNames,
  basisHeaderSuffix,
  reviewStatuses,
  reviewStatusNames,
  countExportMessages,
  exportMessageRowBatches,
  type ExportColumn,
  type ExportDateBasis,
  type ExportRowKind,
  type ExportFilter,
  type ExportRow,
  type ReviewStatus,
} from './export-rows.js';
export {
  caseExportColumns,
  caseExportWhere,
  countExportRows,
  exportCaseRowBatches,
  exportColumnsFor,
  exportRowBatches,
  type AnyExportRow,
  type CaseExportRow,
} from './export-case-rows.js';
export { notAcceptedKeys, reviewOnlyKeys, seesAllColumns, unitHiddenKeys, type UnitHiddenKey } from './unit-columns.js';
export { createBatchWriter, csvField, exportFormats, exportContentTypes, type ExportFormat, type BatchWriter } from './writers.js';
export { runExport, listExportLogs, exportRoles, type RunExportInput, type ExportResult } from './run-export.js';
export { logCatalogueExport, exportLogFormatName, isCatalogueFormat, type CatalogueFiles } from './export-log.js';
export {
  startExportJob,
  recordExportProgress,
  recordExportLogId,
  finishExportJob,
  failExportJob,
  getOwnExportJob,
  listExportJobs,
  expireExportJobs,
  defaultExportJobPolicy,
  interruptedExportMessage,
  expiredExportMessage,
  type ExportJobPolicy,
  type ExportJobStatus,
  type ExportJobView,
  type StartExportJobInput,
} from './export-jobs.js';
export { createExportJobRunner, type ExportJobRunner, type ExportJobRunnerOptions, type ExportJobRequest } from './export-job-runner.js';
export { readStoredExportFile, storeExportFile, removeStoredExportFiles, exportChunkBytes } from './export-files.js';
export { chinaIsoTime } from './china-time.js';
