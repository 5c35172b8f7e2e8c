/**
 * The interface between the engine (fetching, politeness, watching) and a site's parsing.
 * Declarative sources get one from `createConfigAdapter`; code modules build their own.
 */
import type { CheerioAPI } from 'cheerio';
import type { DetailPageResult, ListItem, ListPageResult } from '../extract/pages.js';
import type { RawFields } from '../extract/fields.js';
import type { PageRequest } from '../state/types.js';
import type { CookieAnswer } from './page-cookies.js';

/** A fetched page, decoded to text. */
export interface FetchedPage {
  request: PageRequest;
  /** URL after redirects. */
  url: string;
  status: number;
  body: string;
  /** Parsed HTML, when the response was HTML. */
  $?: CheerioAPI | undefined;
  /** 0 for the first list page. */
  pageIndex: number;
  /** Index of the start URL whose list this page belongs to. */
  start: number;
  /**
   * The page's charset (decideCharset: the source's `encoding`, else the answer's Content-Type, else
   * the page's `<meta>`, checked against the page's bytes); links' queries are escaped in it. Unset: the source's `encoding`, else the `<meta>`.
   */
  charset?: string | undefined;
  /** The answer's Set-Cookie headers: sent back with the letter's reply request (detail.reply; page-cookies.ts). */
  setCookies?: readonly string[] | undefined;
  /** The redirects the page's address answered before it, each with its Set-Cookie headers: sent back with the reply request too. */
  redirects?: readonly CookieAnswer[] | undefined;
}

export interface SiteAdapter {
  /** The first list request of start URL `start` (index into startUrls); undefined when the adapter walks only one list. */
  firstListRequest(start: number): PageRequest | undefined;
  parseList(page: FetchedPage): ListPageResult;
  /** The next list page after `page`, or undefined at the end of the list. */
  nextListRequest(page: FetchedPage, result: ListPageResult): PageRequest | undefined;
  /** Where the item's detail is, or undefined when the list carries every field. */
  detailRequest(item: ListItem, listPageUrl: string): PageRequest | undefined;
  /** Fields from the detail page; `listFields` are what the list showed. */
  parseDetail(page: FetchedPage, listFields: RawFields): DetailPageResult;
  /** Set when the list is built in the browser with a "load more" button. */
  loadMore?: { button: string; maxClicks: number; waitMs: number; itemSelector: string } | undefined;
  /** Text encoding of the site's pages when not UTF-8/declared (gbk, gb18030 ...). */
  encoding?: string | undefined;
}
