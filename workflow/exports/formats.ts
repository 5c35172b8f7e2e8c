/**
 * The export formats, on their own so that naming them (the CLI's --format help) loads no writer
 * or query: writers.ts re-exports them.
 */
export const exportFormats = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];
