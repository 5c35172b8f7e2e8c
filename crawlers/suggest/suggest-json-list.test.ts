import { describe, expect, it } from 'vitest';
import type { CapturedResponse, RenderedListPage } from './capture-list-api.js';
import { suggestJsonDetail } from './suggest-json-detail.js';
import { suggestJsonList } from './suggest-json-list.js';

const base = 'http://www.example.gov.cn';
const answer = (over: Partial<CapturedResponse>): CapturedResponse => ({ url: `${base}/api`, method: 'GET', status: 200, contentType: 'application/json', body: '{}', ...over });
const page = (responses: CapturedResponse[], links: string[] = []): RenderedListPage => ({ url: `${base}/list.html`, html: '<html></html>', links, responses });

describe('suggestJsonList', () => {
  it('reads a Beijing-like JS literal list paged by page.pageNo, and builds the detail address from the links holding each originalId', () => {
    const rows = [
      ['AH20112300140', '关于小区供暖温度不达标的问题', '2026-11-23 09:12:00', '咨询', '区城管委'],
      ['AH20112300152', '建议增设公交站点', '2026-11-23 10:40:11', '建议', '区交通局'],
      ['AH20112300177', '施工噪音夜间扰民', '2026-11-24 22:05:00', '投诉', '区生态环境局'],
    ];
    const body = `{result:[${rows.map(([id, t, d, type, org]) => `{originalId:'${id}',letterTitle:'${t}',writeDate:'${d}',letterTypeName:'${type}',showOrgNames:'${org}',letterType:'1',},`).join('')}],total:3}`;
    const draft = suggestJsonList(
      page(
        [answer({ url: `${base}/config.json`, body: '{"siteName":"政民互动","menus":[{"name":"首页"},{"name":"我要写信"}]}' }), answer({ url: `${base}/bjah-index-hdjl!letterListJson.action?page.pageNo=1&page.pageSize=3`, body })],
        [`${base}/`, ...rows.map(([id]) => `${base}/hdjl/consultDetail.flow?originalId=${id}`)],
      ),
      `${base}/list.html`,
    );
    expect(draft).toMatchObject({
      format: 'js-literal',
      items: 'result',
      fields: { title: 'letterTitle', siteId: 'originalId', postedAt: 'writeDate', siteType: 'letterTypeName', replyUnit: 'showOrgNames' },
      pagination: { type: 'query', param: 'page.pageNo', start: 1 },
      detailUrl: { template: '/hdjl/consultDetail.flow?originalId={siteId}' },
    });
    expect(draft?.notes.join('\n')).toContain('按 JS 对象字面量解析');
  });

  it('reads a form POST paged by an offset, takes the title by its values when no key names it, and leaves out row numbers and status codes when a key holds the words', () => {
    const items = ['群众反映道路破损严重', '学校周边交通拥堵问题', '农贸市场卫生条件差', '小区停车位不足问题'].map((t, i) => ({ rn: i + 1, code: `X${700 + i}`, wt: t, sj: `2026-11-0${i + 1} 08:00:00`, state: i % 2, zt2: i % 2 ? '已办结' : '办理中' }));
    const draft = suggestJsonList(page([answer({ url: `${base}/RefersServlet`, method: 'POST', requestBody: 'action=list&start=0&limit=4', requestContentType: 'application/x-www-form-urlencoded', body: JSON.stringify({ rows: items }) })]), `${base}/list.html`);
    expect(draft?.fields).toEqual({ title: 'wt', siteId: 'code', postedAt: 'sj', siteStatus: 'zt2' });
    expect(draft?.pagination).toEqual({ type: 'post-form', body: { action: 'list', start: '{offset}', limit: '{pageSize}' }, pageSize: 4 });
    expect(draft?.detailUrl).toBeUndefined();
    // The status words of zt2 make the codes of state needless: no note on them.
    expect(draft?.notes.join('\n')).not.toMatch(/接口字段 state/);
    expect(draft?.notes.join('\n')).toMatch(/标题取了 wt/);
  });

  it('reads status codes against the words the rendered list shows in each item\'s row', () => {
    const titles = ['关于小区电梯维修的咨询', '反映菜市场占道经营', '建议增加公园健身器材', '投诉夜间施工噪音'];
    const codes = [0, 2, 2, 1];
    const words: Record<number, string> = { 0: '待回复', 1: '办理中', 2: '已办结' };
    const body = JSON.stringify({ code: 0, data: { records: titles.map((t, i) => ({ id: 9100 + i, title: t, createTime: `2026-11-2${i} 10:00:00`, status: codes[i] })) } });
    const html = `<html><body><ul class="nav"><li>首页</li><li>已办结信件</li></ul><ul id="list">${titles.map((t, i) => `<li><a href="/letter/${9100 + i}">${t}</a><span class="date">2026-11-2${i}</span><span class="st">状态：${words[codes[i]!]}</span></li>`).join('')}</ul></body></html>`;
    const draft = suggestJsonList({ ...page([answer({ url: `${base}/api/letter/page`, method: 'POST', requestBody: '{"current":1,"size":4}', requestContentType: 'application/json', body })], titles.map((_, i) => `${base}/letter/${9100 + i}`)), html }, `${base}/list.html`);
    expect(draft?.fields.siteStatus).toEqual({ path: 'status', map: { '0': '待回复', '1': '办理中', '2': '已办结' } });
    expect(draft?.pagination).toEqual({ type: 'json-body', body: { current: '{page}', size: '{pageSize}' }, start: 1, pageSize: 4 });
    expect(draft?.detailUrl).toEqual({ template: '/letter/{siteId}' });
    expect(draft?.notes.join('\n')).toContain('办理状态在接口数据中是代码（status），按浏览器中列表显示的文字对应：0 → 待回复，1 → 办理中，2 → 已办结');
  });

  it('reads values in nested objects by their paths: a reply object\'s text, time and unit as the reply\'s, the writer\'s name as the author, a wrapper\'s keys as the letter\'s', () => {
    const titles = ['关于老旧小区改造进度的咨询', '反映公交线路调整不合理', '建议增设社区养老服务点'];
    const rows = titles.map((t, i) => ({
      letter: { letterId: `L${500 + i}`, subject: t, question: `我是本区居民，${t}，希望有关部门尽快研究解决，给群众一个明确答复。`, submitTime: `2026-10-0${i + 1} 09:00:00` },
      statusInfo: { name: i === 2 ? '办理中' : '已答复' },
      member: { realName: ['张先生', '刘女士', '陈先生'][i], id: 42 },
      replyInfo: i === 2 ? null : { replyContent: `您好！关于${t}，我单位已安排专人核实处理。`, createTime: `2026-10-1${i} 15:00:00`, deptName: '区住房和城乡建设局', id: 900 + i },
    }));
    const draft = suggestJsonList(page([answer({ url: `${base}/api/public/letters`, method: 'POST', requestBody: JSON.stringify({ pager: { current: 1, size: 3 }, filter: { type: '' } }), requestContentType: 'application/json', body: JSON.stringify({ data: rows }) })]), `${base}/list.html`);
    expect(draft?.fields).toEqual({
      title: 'letter.subject',
      siteId: 'letter.letterId',
      content: 'letter.question',
      postedAt: 'letter.submitTime',
      siteStatus: 'statusInfo.name',
      author: 'member.realName',
      replyText: 'replyInfo.replyContent',
      replyAt: 'replyInfo.createTime',
      replyUnit: 'replyInfo.deptName',
    });
    expect(draft?.pagination).toEqual({ type: 'json-body', body: { pager: { current: '{page}', size: '{pageSize}' }, filter: { type: '' } }, start: 1, pageSize: 3 });
  });

  it('drafts a JSON detail a letter\'s page POSTs for by its id, with pinyin keys and the reply in an object', () => {
    const letters = [
      { id: '3301', title: '关于农村饮水安全问题的反映', nr: '我村自来水经常停水，水质浑浊，夏天尤其严重，请有关部门检查供水设施。', reply: { dfnr: '您好！经查，该村供水管网老化，已列入今年改造计划。', dfdw: '区水利局', dfsj: '2026-09-10 10:00:00' } },
      { id: '3302', title: '咨询新生儿医保参保办理', nr: '孩子刚出生，想问新生儿医保在哪里办理、需要带哪些材料，可以网上办理吗？', reply: null },
    ];
    const captured = letters.map((l) => ({
      url: `${base}/xjgk/show.html?id=${l.id}`,
      siteId: l.id,
      title: l.title,
      responses: [
        answer({ url: `${base}/api/site/menu`, body: '{"menus":[{"title":"首页"}]}' }),
        answer({ url: `${base}/api/xj/info`, method: 'POST', requestBody: JSON.stringify({ xjid: l.id, channel: 'qzxx' }), requestContentType: 'application/json', body: JSON.stringify({ success: true, result: { xjbt: l.title, xjnr: `<p>${l.nr}</p>`, dfxx: l.reply } }) }),
      ],
    }));
    const detail = suggestJsonDetail(captured, ['title', 'siteId', 'detailUrl'], `${base}/xjgk/list.html`);
    expect(detail).toMatchObject({ format: 'json', url: '/api/xj/info', method: 'POST', bodyType: 'json', body: { xjid: '{siteId}', channel: 'qzxx' }, fields: { content: 'result.xjnr', replyText: 'result.dfxx.dfnr', replyUnit: 'result.dfxx.dfdw', replyAt: 'result.dfxx.dfsj' } });
    // An answer whose request holds no letter's id is no detail the engine can ask.
    const noId = captured.map((c) => ({ ...c, responses: c.responses.map((r) => ({ ...r, requestBody: '{"channel":"qzxx"}' })) }));
    expect(suggestJsonDetail(noId, ['title', 'siteId'], `${base}/xjgk/list.html`)).toBeUndefined();
  });

  it('drafts a JSON detail whose reply is an array (`dfxx: [{dfnr, dfdw, dfsj}]`, `[]` when unanswered) from its first element', () => {
    const letters = [
      { id: '3401', title: '关于村道路灯损坏的反映', nr: '我村主干道路灯损坏半年未修，夜间出行很不方便，请尽快维修。', reply: [{ dfnr: '您好！已安排维修，本月底前恢复照明。', dfdw: '区城市管理局', dfsj: '2026-10-10 09:30:00' }] },
      { id: '3402', title: '咨询老年人优待证办理', nr: '请问老年人优待证在哪里办理，需要带哪些材料，可以代办吗？', reply: [] },
    ];
    const captured = letters.map((l) => ({
      url: `${base}/xjgk/show.html?id=${l.id}`,
      siteId: l.id,
      title: l.title,
      responses: [answer({ url: `${base}/api/xj/info?xjid=${l.id}`, body: JSON.stringify({ result: { xjbt: l.title, xjnr: l.nr, dfxx: l.reply, fj: [{ name: '照片.jpg' }] } }) })],
    }));
    const detail = suggestJsonDetail(captured, ['title', 'siteId', 'detailUrl'], `${base}/xjgk/list.html`);
    expect(detail).toMatchObject({ format: 'json', url: '/api/xj/info?xjid={siteId}', fields: { content: 'result.xjnr', replyText: 'result.dfxx[0].dfnr', replyUnit: 'result.dfxx[0].dfdw', replyAt: 'result.dfxx[0].dfsj' } });
  });

  it('finds nothing in answers without an array of titled objects', () => {
    expect(suggestJsonList(page([answer({ body: '{"menus":[{"id":1},{"id":2}]}' }), answer({ body: '<html></html>' })]), `${base}/list.html`)).toBeUndefined();
  });
});
