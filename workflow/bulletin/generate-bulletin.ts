/**
 * Generates 《印台政务通报》 for a period: computes the figures, writes DIR/bulletin.html and
 * DIR/bulletin.xlsx, and records the bulletin (with its figures) and an event.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import { requireRole, type Actor } from '../users/actor.js';
import { computeBulletin, type BulletinData } from './compute-bulletin.js';
import { renderBulletinHtml } from './render-bulletin-html.js';
import { writeBulletinXlsx } from './write-bulletin-xlsx.js';

export interface GenerateBulletinInput {
  from: string;
  to: string;
  /** Folder to write bulletin.html and bulletin.xlsx into (created if missing). */
  outDir: string;
  actor: Actor;
  now?: Date | undefined;
}

export async function generateBulletin(db: Db, input: GenerateBulletinInput): Promise<{ bulletinId: string; html: string; xlsx: string; data: BulletinData }> {
  requireRole(input.actor, ['supervision', 'leader', 'admin']);
  const data = await computeBulletin(db, input);
  await mkdir(input.outDir, { recursive: true });
  const html = path.join(input.outDir, 'bulletin.html');
  const xlsx = path.join(input.outDir, 'bulletin.xlsx');
  const issue = `第 ${(await db.bulletin.count()) + 1} 期`;
  await writeFile(html, renderBulletinHtml(data, { issue }), 'utf8');
  await writeBulletinXlsx(data, xlsx, { issue });
  const bulletinId = await db.$transaction(async (tx) => {
    const b = await tx.bulletin.create({ data: { fromDate: data.from, toDate: data.to, stats: data as object, createdBy: input.actor.username } });
    await appendEvent(tx, { type: 'bulletin_generated', actor: input.actor.username, role: input.actor.role, data: { bulletinId: b.id, from: data.from, to: data.to } });
    return b.id;
  });
  return { bulletinId, html, xlsx, data };
}
