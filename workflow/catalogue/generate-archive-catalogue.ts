/**
 * Writes a volume's 卷内目录 into a folder: DIR/卷内目录-<volume>.html and .xlsx (created if
 * missing). Changes no case: a catalogue can be printed again at any time; each one produced is
 * recorded in ExportLog (who, where from, the volume, its number of cases), as exports are.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../store/index.js';
import { logCatalogueExport, type CatalogueFiles } from '../exports/export-log.js';
import type { Actor } from '../users/actor.js';
import { computeArchiveCatalogue, type ArchiveCatalogue } from './compute-archive-catalogue.js';
import { renderCatalogueHtml } from './render-catalogue-html.js';
import { catalogueXlsxBuffer } from './write-catalogue-xlsx.js';

/** The file name (without extension) of a volume's catalogue. */
export const catalogueFileName = (volume: string) => `卷内目录-${volume}`;

export interface RenderCatalogueInput {
  volume: string;
  actor: Actor;
  /** Where it was asked for, for the export log. */
  via: 'console' | 'cli';
  /** The files it is produced for, for the export log: the console serves one, the command line writes both. */
  files: CatalogueFiles;
  now?: Date | undefined;
}

/**
 * The catalogue and its two files' content (for the command line, here or through the main job, and
 * the console), logged in ExportLog once rendered; a refused one (role, volume) is not logged.
 */
export async function renderArchiveCatalogue(db: Db, input: RenderCatalogueInput): Promise<{ catalogue: ArchiveCatalogue; html: string; xlsx: Buffer }> {
  const catalogue = await computeArchiveCatalogue(db, input);
  const out = { catalogue, html: renderCatalogueHtml(catalogue), xlsx: await catalogueXlsxBuffer(catalogue) };
  await logCatalogueExport(db, { actor: input.actor, via: input.via, volume: catalogue.volume, files: input.files, cases: catalogue.entries.length });
  return out;
}

/** Writes the two files of a catalogue into `outDir`; their paths. */
export async function writeCatalogueFiles(outDir: string, volume: string, files: { html: string; xlsx: Buffer }): Promise<{ html: string; xlsx: string }> {
  await mkdir(outDir, { recursive: true });
  const html = path.join(outDir, `${catalogueFileName(volume)}.html`);
  const xlsx = path.join(outDir, `${catalogueFileName(volume)}.xlsx`);
  await writeFile(html, files.html, 'utf8');
  await writeFile(xlsx, files.xlsx);
  return { html, xlsx };
}
