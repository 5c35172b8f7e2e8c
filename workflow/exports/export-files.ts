/**
 * A finished console export's file, kept in the store in pieces of up to 1 MiB (ExportFileChunk),
 * so that whichever console process a download reaches can serve it, on whatever machine the
 * export was written. A process writes the file to its own folder while the export runs (the
 * writers stream; a half-written file is never stored), then copies it here in one transaction
 * and removes its local copy. Reading streams it back a piece at a time, so neither side holds a
 * whole large file in memory.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { AppError } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';

type Tx = Prisma.TransactionClient;

/** The largest piece stored in one row. */
export const exportChunkBytes = 1024 * 1024;

/**
 * Copies the file at `filePath` into the store as job `jobId`'s file, then calls `finish` in the
 * same transaction (marking the job done with the file's size). When `finish` answers false (the
 * job was no longer running: another process declared it dead meanwhile) nothing is kept. A
 * download never sees part of a file.
 */
export async function storeExportFile(db: Db, jobId: string, filePath: string, finish: (tx: Tx, bytes: number) => Promise<boolean>): Promise<boolean> {
  try {
    return await db.$transaction(
      async (tx) => {
        let seq = 0;
        let bytes = 0;
        for await (const piece of createReadStream(filePath, { highWaterMark: exportChunkBytes })) {
          const chunk = piece as Buffer;
          // As base64 text decoded by the database: the embedded PGlite takes a bytea parameter
          // about 30 times slower (2 s per MiB) than this.
          await tx.$executeRaw`INSERT INTO "ExportFileChunk" ("jobId", "seq", "bytes") VALUES (${jobId}, ${seq}, decode(${chunk.toString('base64')}, 'base64'))`;
          seq += 1;
          bytes += chunk.byteLength;
        }
        // Rolls the pieces back with it.
        if (!(await finish(tx, bytes))) throw new JobNoLongerRunning();
        return true;
      },
      // A large file takes a while to copy; the default five seconds would cut it off.
      { maxWait: 30_000, timeout: 10 * 60_000 },
    );
  } catch (error) {
    if (error instanceof JobNoLongerRunning) return false;
    throw error;
  }
}

class JobNoLongerRunning extends Error {}

/**
 * The stored file of a job as a stream, read a piece at a time. It fails (rather than ending
 * early) when the pieces no longer add up to `size`: the file was removed while being read.
 */
export function readStoredExportFile(db: Db, jobId: string, size: number): Readable {
  async function* pieces() {
    let read = 0;
    for (let seq = 0; ; seq += 1) {
      // Base64 for the same reason as in storeExportFile (Node skips the line breaks encode adds).
      const [chunk] = await db.$queryRaw<{ b64: string }[]>`SELECT encode("bytes", 'base64') AS "b64" FROM "ExportFileChunk" WHERE "jobId" = ${jobId} AND "seq" = ${seq}`;
      if (!chunk) break;
      const bytes = Buffer.from(chunk.b64, 'base64');
      read += bytes.byteLength;
      yield bytes;
    }
    if (read !== size) throw new AppError('NOT_FOUND', '导出文件在下载过程中已被清理，请重新导出');
  }
  return Readable.from(pieces(), { objectMode: false });
}

/** Removes the stored files of these jobs (pieces and size). */
export async function removeStoredExportFiles(db: Db, jobIds: string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await db.exportFileChunk.deleteMany({ where: { jobId: { in: jobIds } } });
  await db.exportJob.updateMany({ where: { id: { in: jobIds }, fileSize: { not: null } }, data: { fileSize: null } });
}
