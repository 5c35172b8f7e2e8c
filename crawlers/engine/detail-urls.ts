/**
 * Where a redirected detail request landed: the site's home page, one of the source's list
 * pages, another of its detail pages (the message moved), or somewhere else. Sites often "delete"
 * a message by sending its detail address to the home page or the list; a redirect to another
 * detail page is a move, not a removal.
 *
 * Sources declare no pattern for their detail addresses, so it is learnt from the addresses the
 * source's own adapter built for detail requests (the known messages' and this run's): two
 * addresses are of one kind when their paths agree once ids (digit runs, long hex) are blanked and
 * their query has the same parameter names. Scheme and host are ignored (an http → https or
 * www. move keeps the kind).
 */

/** Where a detail request ended up, or `same` when it was not redirected. */
export type Landing = 'same' | 'home' | 'list' | 'detail' | 'elsewhere';

const idLike = /[0-9a-f]{8,}|\d+/gi;
const homePath = /^\/((index|default|home)\.[a-z]+)?$/i;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The kind of an address: its path with ids blanked, and its query's parameter names. */
export function addressKind(url: string): string | undefined {
  const u = parse(url);
  if (!u) return undefined;
  const path = u.pathname.replace(idLike, (run) => (/\d/.test(run) ? '#' : run));
  const names = [...new Set(u.searchParams.keys())].sort();
  return `${path}?${names.join('&')}`;
}

/** Path and query, without scheme, host, fragment or a trailing slash: how list addresses are compared. */
function pathAndQuery(url: string): string | undefined {
  const u = parse(url);
  if (!u) return undefined;
  return `${u.pathname.replace(/(.)\/+$/, '$1')}${u.search}`;
}

/** Same address, ignoring the fragment (never sent) and the spelling of escapes. */
export function sameAddress(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a === b;
  x.hash = '';
  y.hash = '';
  const escapes = (href: string) => href.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());
  return escapes(x.href) === escapes(y.href);
}

export class DetailAddresses {
  private readonly detailKinds = new Set<string>();
  private readonly listAddresses = new Set<string>();

  /** @param startUrls the source's start URLs: list pages even before the run has fetched them */
  constructor(startUrls: readonly string[], knownDetailUrls: Iterable<string>) {
    for (const url of startUrls) this.addList(url);
    for (const url of knownDetailUrls) this.addDetail(url);
  }

  /** A detail address the adapter built (a known message's, or one requested in this run). */
  addDetail(url: string): void {
    const kind = addressKind(url);
    if (kind) this.detailKinds.add(kind);
  }

  /** A list page of the source (its start URLs, and every list page fetched in this run). */
  addList(url: string): void {
    const key = pathAndQuery(url);
    if (key) this.listAddresses.add(key);
  }

  isDetail(url: string): boolean {
    const kind = addressKind(url);
    return kind !== undefined && this.detailKinds.has(kind);
  }

  /** Where a detail request for `requested` ended up, answered from `final`. */
  landing(requested: string, final: string): Landing {
    if (sameAddress(requested, final)) return 'same';
    const u = parse(final);
    if (u && homePath.test(u.pathname) && !u.search) return 'home';
    const key = pathAndQuery(final);
    if (key && this.listAddresses.has(key)) return 'list';
    return this.isDetail(final) ? 'detail' : 'elsewhere';
  }
}
