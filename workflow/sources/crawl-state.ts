/**
 * The crawlers' watch state kept in the store (Source.crawlState), so every worker on every
 * machine resumes where the last run stopped. The state's shape is the crawlers' business: here
 * it is an opaque JSON document with a `health` part that is also copied to columns for queries.
 */
import { removedFromSiteStatus } from '../../core/index.js';
import type { Db } from '../store/index.js';

export interface StoredHealth {
  lastRunAt?: string | undefined;
  lastSuccessAt?: string | undefined;
  lastError?: string | undefined;
  lastErrorAt?: string | undefined;
  itemsFound?: number;
  pagesFetched?: number;
  layoutAlert?: string | undefined;
  /** The crawlers' access alert (the site's login page or firewall in front of its pages): kept in the document only. */
  accessAlert?: string | undefined;
  /** The crawlers' charset notice (a charset taken over the one the site names): kept in the document only. */
  charsetNotice?: { text: string; header?: string | undefined; readAs: string } | undefined;
}

export interface StoredCrawlState {
  sourceId: string;
  health?: StoredHealth;
  [key: string]: unknown;
}

const date = (v: string | undefined) => (v ? new Date(v) : null);

export async function getCrawlState(db: Db, sourceId: string): Promise<StoredCrawlState | undefined> {
  const row = await db.source.findUnique({ where: { id: sourceId }, select: { crawlState: true } });
  return (row?.crawlState as StoredCrawlState | null) ?? undefined;
}

/** Saves a source's state (the source row must exist: see ensureSource). */
export async function putCrawlState(db: Db, sourceId: string, state: StoredCrawlState): Promise<void> {
  const h = state.health ?? {};
  await db.source.update({
    where: { id: sourceId },
    data: {
      crawlState: state as object,
      lastRunAt: date(h.lastRunAt),
      lastSuccessAt: date(h.lastSuccessAt),
      lastErrorAt: date(h.lastErrorAt),
      lastError: h.lastError ?? null,
      itemsFound: h.itemsFound ?? 0,
      pagesFetched: h.pagesFetched ?? 0,
      layoutAlert: h.layoutAlert ?? null,
    },
  });
}

export async function listCrawlStates(db: Db): Promise<StoredCrawlState[]> {
  const rows = await db.source.findMany({ select: { id: true, crawlState: true }, orderBy: { id: 'asc' } });
  return rows.filter((r) => r.crawlState !== null).map((r) => r.crawlState as StoredCrawlState);
}

/**
 * Sources with their health columns, for the status table and console, how many of each
 * source's messages its site has since taken down (`removedMessages`: the crawler's
 * removedFromSiteStatus, kept in Message.siteStatus), and how many its scope left out and staff
 * have not brought back (`excludedMessages`: ExcludedMessage rows without a message), and until
 * when its site asked not to be visited (`heldOffUntil`: the crawlers' health `heldOff.until`, kept in
 * the state document, ISO; null when none), the last run's charset notice (`charsetNotice`: the
 * crawlers' health `charsetNotice.text`, kept in the state document; null when none), and its
 * access alert (`accessAlert`: the crawlers' health `accessAlert`, the site's login page or
 * firewall in front of its pages, kept in the state document; null when none).
 */
export async function listSources(db: Db) {
  const [sources, removed, excluded, fromState] = await Promise.all([
    db.source.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, channel: true, lastRunAt: true, lastSuccessAt: true, lastErrorAt: true, lastError: true, itemsFound: true, pagesFetched: true, layoutAlert: true, _count: { select: { messages: true } } } }),
    db.message.groupBy({ by: ['sourceId'], where: { siteStatus: removedFromSiteStatus }, _count: { _all: true } }),
    db.excludedMessage.groupBy({ by: ['sourceId'], where: { messageId: null }, _count: { _all: true } }),
    // Only the hold-off, the charset notice and the access alert of the state's health, not the whole (large) state document.
    db.$queryRaw<{ id: string; until: string | null; charset: string | null; access: string | null }[]>`SELECT id, "crawlState"->'health'->'heldOff'->>'until' AS until, "crawlState"->'health'->'charsetNotice'->>'text' AS charset, "crawlState"->'health'->>'accessAlert' AS access FROM "Source" WHERE "crawlState"->'health'->'heldOff' IS NOT NULL OR "crawlState"->'health'->'charsetNotice' IS NOT NULL OR "crawlState"->'health'->'accessAlert' IS NOT NULL`,
  ]);
  const heldOffBy = new Map(fromState.flatMap((r) => (r.until ? [[r.id, r.until] as const] : [])));
  const charsetBy = new Map(fromState.flatMap((r) => (r.charset ? [[r.id, r.charset] as const] : [])));
  const accessBy = new Map(fromState.flatMap((r) => (r.access ? [[r.id, r.access] as const] : [])));
  const removedBy = new Map(removed.map((r) => [r.sourceId, r._count._all]));
  const excludedBy = new Map(excluded.map((r) => [r.sourceId, r._count._all]));
  return sources.map((s) => ({ ...s, removedMessages: removedBy.get(s.id) ?? 0, excludedMessages: excludedBy.get(s.id) ?? 0, heldOffUntil: heldOffBy.get(s.id) ?? null, charsetNotice: charsetBy.get(s.id) ?? null, accessAlert: accessBy.get(s.id) ?? null }));
}
