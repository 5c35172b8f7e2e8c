/**
 * After a kill -9 torture of the main job (bench/crash-torture.sh): compares the letters a demo
 * mailbox lists with what the embedded store holds, and checks the store's counts. Run with the
 * main job stopped (it opens the store):
 *
 *   npx tsx bench/crash-check.ts <data dir> <demo site url> [<source id>]
 *
 * Prints one line of figures (published, those up to the newest stored site id, stored as messages, kept as excluded, missing, in both,
 * messages without a case, cases whose 反映人数 differs from their messages, hot-issue counts
 * off, ledger-number gaps) and the missing site ids. Exit code 1 when a letter is missing,
 * held twice, or a count is off.
 */
import { openStore } from '../workflow/index.js';

const [dataDir, siteUrl, sourceId = 'demo-district-mailbox'] = process.argv.slice(2);
if (!dataDir || !siteUrl) {
  console.error('usage: tsx bench/crash-check.ts <data dir> <demo site url> [source id]');
  process.exit(2);
}

/** Every site id the demo's list pages show (15 a page, newest first). */
async function publishedIds(base: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let page = 1; page < 1000; page++) {
    const html = await (await fetch(`${base}/list_${page}.html`)).text();
    const found = [...html.matchAll(/<li><a[^>]*>(\d+)<\/a>/g)].map((m) => m[1] as string);
    if (found.length === 0) break;
    for (const id of found) ids.add(id);
  }
  return ids;
}

const published = await publishedIds(siteUrl.replace(/\/$/, ''));
const store = await openStore({ dataDir, migrate: false });
try {
  const messages = await store.db.message.findMany({ where: { sourceId }, select: { siteId: true, caseId: true } });
  const excluded = await store.db.excludedMessage.findMany({ where: { sourceId }, select: { siteId: true, messageId: true } });
  const inMessages = new Set(messages.map((m) => m.siteId));
  const inExcluded = new Set(excluded.filter((e) => e.messageId === null).map((e) => e.siteId));
  // Letters the site published after the last crawl cannot be in the store: only those up to the newest stored count.
  const newest = Math.max(0, ...[...inMessages, ...inExcluded].map(Number).filter(Number.isFinite));
  const due = [...published].filter((id) => Number(id) <= newest);
  const missing = due.filter((id) => !inMessages.has(id) && !inExcluded.has(id));
  const both = [...inExcluded].filter((id) => inMessages.has(id));
  const unregistered = messages.filter((m) => m.caseId === null).map((m) => m.siteId);
  const reporterOff = await store.sql.query<{ ledgerNo: string; reporterCount: number; writers: number }>(
    `SELECT c."ledgerNo", c."reporterCount", count(DISTINCT message_writer(m."author", m."id"))::int AS writers
     FROM "Case" c JOIN "Message" m ON m."caseId" = c."id" GROUP BY c."id" HAVING c."reporterCount" <> count(DISTINCT message_writer(m."author", m."id"))`,
  );
  const hotOff = await store.sql.query<{ key: string; messageCount: number; n: number }>(
    `SELECT h."key", h."messageCount", (SELECT count(*)::int FROM "Case" c WHERE c."hotIssueKey" = h."key") AS n FROM "HotIssue" h`,
  );
  const cases = await store.sql.query<{ n: number; maxNo: string | null }>(`SELECT count(*)::int AS n, max("ledgerNo") AS "maxNo" FROM "Case"`);
  const caseCount = cases[0]?.n ?? 0;
  const highest = Number((cases[0]?.maxNo ?? 'YT-0-0').split('-')[2]);
  const caseless = await store.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Case" c WHERE NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."caseId" = c."id")`);
  // One change of the site (待回复 → 办理中, a reply) recorded twice: a change counted again after a crash.
  const changeTwice = await store.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "MessageChange" GROUP BY "messageId", "field", "oldValue", "newValue" HAVING count(*) > 1) d`,
  );
  const hotMismatch = hotOff.filter((h) => h.messageCount < h.n);
  console.log(
    JSON.stringify({
      published: published.size,
      publishedUpToNewestStored: due.length,
      messages: messages.length,
      excluded: inExcluded.size,
      missing: missing.length,
      inBoth: both.length,
      unregistered: unregistered.length,
      cases: caseCount,
      ledgerGaps: highest - caseCount,
      casesWithoutMessage: caseless[0]?.n ?? 0,
      reporterCountOff: reporterOff.length,
      changesRecordedTwice: changeTwice[0]?.n ?? 0,
      hotIssueBelowCases: hotMismatch.length,
    }),
  );
  if (missing.length > 0) console.log(`missing: ${missing.join(' ')}`);
  if (unregistered.length > 0) console.log(`unregistered: ${unregistered.join(' ')}`);
  if (reporterOff.length > 0) console.log(`reporterCount off: ${JSON.stringify(reporterOff.slice(0, 10))}`);
  process.exitCode = missing.length + both.length + reporterOff.length + (caseless[0]?.n ?? 0) + (changeTwice[0]?.n ?? 0) > 0 ? 1 : 0;
} finally {
  await store.close();
}
