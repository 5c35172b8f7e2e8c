/**
 * Which addresses 起草新来源 may make the server fetch (source-drafts.ts): the admin types an
 * address, and the server, inside the installation's network, reads it.
 *
 * Refused, in staff's words (BadInputError):
 * - an address that is not http:// or https:// (file:, ftp:, javascript: …);
 * - one carrying a user name or password (`http://user:pass@host/`): a site's account is not
 *   typed into a draft, and the form hides where the request goes;
 * - link-local and cloud metadata addresses: 169.254.0.0/16 (169.254.169.254, the instance
 *   metadata of most clouds, credentials among it), fe80::/10, Alibaba Cloud's 100.100.100.200
 *   and AWS's fd00:ec2::254, whether written as the address or as a host name resolving there (all
 *   its addresses are checked); and, in the drafting stage, a redirect or a page reached from the
 *   list that leads there (draft-from-site.ts `checkAddress`).
 *
 * NOT refused: loopback (127.0.0.0/8, ::1) and the private ranges (10/8, 172.16/12, 192.168/16,
 * fc00::/7). The sites this system crawls include government intranet sites (政务外网) on
 * private addresses, and the demo mailbox runs on 127.0.0.1; refusing them would refuse the
 * sources the draft exists for. The form is the admin's alone (403 for every other role).
 *
 * Limits: a host name is resolved here and again when the page is fetched (a name whose answer
 * changes in between is not caught); the trial crawl checks its list addresses (startUrls) but
 * not each letter's page it follows, nor its own chromium's requests (a load-more list).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { BadInputError } from '../../core/index.js';

const refused = new BlockList();
refused.addSubnet('169.254.0.0', 16, 'ipv4');
refused.addSubnet('fe80::', 10, 'ipv6');
refused.addAddress('100.100.100.200', 'ipv4');
refused.addAddress('fd00:ec2::254', 'ipv6');

/** Whether an IP address is link-local or a cloud's metadata address (IPv4-mapped IPv6 included). */
export function isRefusedIp(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return refused.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

const metadataWhy = '链路本地地址或云服务器元数据地址（169.254.0.0/16、fe80::/10 等）不是网站，起草时不读取';

/**
 * An address as typed, checked without the network: http(s), no user name or password, not a
 * link-local or metadata IP. Answers the address normalised (URL.href); BadInputError naming `what`.
 */
export function checkDraftAddress(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new BadInputError(`${what}不是有效的网址：${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadInputError(`${what}应以 http:// 或 https:// 开头：${text}`);
  if (url.username || url.password) throw new BadInputError(`${what}不能包含用户名或密码（user:password@）：请去掉后重试`);
  if (isRefusedIp(url.hostname.replace(/^\[|\]$/g, ''))) throw new BadInputError(`${what}指向 ${url.hostname}：${metadataWhy}`);
  return url.href;
}

/** A host name's addresses (IPv4 and IPv6), as the fetch will resolve it. */
export type ResolveHost = (host: string) => Promise<string[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), as fetch and chromium use it. */
export const systemResolve: ResolveHost = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * An address checked as checkDraftAddress does, then its host name resolved and every address it
 * has checked. A name that does not resolve passes: the fetch fails on it, saying so.
 */
export async function checkResolvedAddress(text: string, what: string, resolve: ResolveHost = systemResolve): Promise<string> {
  const href = checkDraftAddress(text, what);
  const host = new URL(href).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return href;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return href;
  }
  const bad = addresses.find(isRefusedIp);
  if (bad) throw new BadInputError(`${what}的域名 ${host} 解析为 ${bad}：${metadataWhy}`);
  return href;
}
