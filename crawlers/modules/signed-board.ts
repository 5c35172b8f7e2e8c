/**
 * Module `signed-board`: a leader message board whose JSON API wants a signature on every call
 * (People's Daily 领导留言板, `POST /v2/threads/search` then `POST /v1/threads/content {tid}`):
 *   signature = md5(path + JSON body + md5(appCode).slice(0, 16) + token)
 * Too odd for a source file (computed header, cursor from the last item, replies spread over
 * typed records), so it is code, behind the same SiteAdapter as declarative sources.
 *
 * Options (source file `options:`): appCode, token, fid (board id), searchPath, contentPath,
 * pageSize. Written from the documented protocol; not checked against the live board.
 */
import { createHash } from 'node:crypto';
import { BadInputError } from '../../core/index.js';
import type { SiteAdapter } from '../engine/adapter.js';
import type { RawFields } from '../extract/fields.js';
import { finishFields } from '../extract/fields.js';
import { getPath } from '../extract/values.js';
import type { ModuleSource } from '../source/schema.js';
import type { PageRequest } from '../state/types.js';

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

/** The board's request signature. */
export function signBoardRequest(path: string, body: string, appCode: string, token: string): string {
  return md5(`${path}${body}${md5(appCode).slice(0, 16)}${token}`);
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

export function createSignedBoardAdapter(source: ModuleSource): SiteAdapter {
  const o = source.options;
  const appCode = String(o.appCode ?? '');
  const token = String(o.token ?? '');
  if (!appCode) throw new BadInputError(`来源 ${source.id}：signed-board 模块需要 options.appCode`);
  const base = new URL(source.startUrls[0] as string);
  const searchPath = String(o.searchPath ?? '/v2/threads/search');
  const contentPath = String(o.contentPath ?? '/v1/threads/content');
  const pageSize = Number(o.pageSize ?? 15);
  const signed = (path: string, payload: Record<string, unknown>): PageRequest => {
    const body = JSON.stringify(payload);
    return {
      url: new URL(path, base).href,
      method: 'POST',
      body,
      contentType: 'application/json',
      headers: { signature: signBoardRequest(path, body, appCode, token), token },
    };
  };
  const search = (lastItem: string) => signed(searchPath, { fid: o.fid ?? '', lastItem, pageSize });
  return {
    firstListRequest: (start) => (start === 0 ? search('') : undefined),
    parseList(page) {
      const data = JSON.parse(page.body) as unknown;
      const list = getPath(data, 'resultData.data');
      if (!Array.isArray(list)) return { items: [], problems: ['接口返回中没有 resultData.data 数组'] };
      const items = list.flatMap((row: unknown) => {
        const fields = finishFields(
          {
            siteId: str(getPath(row, 'tid')),
            title: str(getPath(row, 'title')),
            postedAt: str(getPath(row, 'threadCreateTime') ?? getPath(row, 'createTime')),
            siteType: str(getPath(row, 'typeName')),
            siteStatus: str(getPath(row, 'stateInfo')),
            author: str(getPath(row, 'nickName')),
          },
          page.url,
        );
        return fields.siteId ? [{ siteId: fields.siteId, fields }] : [];
      });
      return { items, problems: [] };
    },
    nextListRequest(_page, result) {
      const last = result.items.at(-1);
      return last && result.items.length >= pageSize ? search(last.siteId) : undefined;
    },
    detailRequest: (item) => signed(contentPath, { tid: item.siteId }),
    parseDetail(page, listFields) {
      const data = JSON.parse(page.body) as unknown;
      const records = getPath(data, 'resultData');
      const rows = Array.isArray(records) ? records : [];
      const fields: RawFields = {};
      for (const row of rows) {
        const type = Number(getPath(row, 'dataType'));
        if (type === 1) {
          fields.content = str(getPath(row, 'content'));
          fields.title = str(getPath(row, 'title')) ?? listFields.title;
        } else if (type === 4) {
          fields.replyText = str(getPath(row, 'content'));
          fields.replyUnit = str(getPath(row, 'answerOrganization') ?? getPath(row, 'nickName'));
          fields.replyAt = str(getPath(row, 'createTime'));
        }
      }
      return { fields: finishFields(fields, page.url), problems: fields.content ? [] : ['详情接口没有 dataType=1 的留言正文'] };
    },
  };
}
