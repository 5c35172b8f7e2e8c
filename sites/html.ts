/** Small HTML helpers shared by the shapes: escaping and a plain government-site page frame. */

export function esc(text: string | undefined): string {
  return (text ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const css = `body{margin:0;font:14px/1.7 "Microsoft YaHei","SimSun",sans-serif;background:#f2f2f2;color:#333}
.top{background:#b5161b;color:#fff;padding:14px 0}.top h1{margin:0 auto;width:980px;font-size:24px;letter-spacing:2px}
.top p{margin:2px auto 0;width:980px;font-size:12px;opacity:.85}
.nav{background:#8e1014;height:34px}.nav a{display:inline-block;color:#fff;line-height:34px;padding:0 18px;text-decoration:none}
.main{width:980px;margin:12px auto;background:#fff;padding:16px 20px;min-height:400px;box-sizing:border-box}
.main h2{font-size:16px;color:#b5161b;border-bottom:2px solid #b5161b;padding-bottom:6px;margin:0 0 10px}
a{color:#1a4d8f}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:6px 8px;vertical-align:top}
th{background:#f7f0e6;font-weight:normal;white-space:nowrap}
.pager,.page{margin:14px 0;text-align:center}.pager a,.pager span,.page a,.page span{margin:0 4px}
.foot{text-align:center;color:#888;font-size:12px;padding:16px 0}`;

/** A whole page: red header, nav, content box, footer. `charset` goes into the meta tag. */
export function page(options: { siteTitle: string; title?: string; body: string; charset?: string; head?: string }): string {
  const charset = options.charset ?? 'utf-8';
  const title = options.title ? `${options.title} - ${options.siteTitle}` : options.siteTitle;
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="${charset}"><meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<title>${esc(title)}</title><style>${css}</style>${options.head ?? ''}</head>
<body><div class="top"><h1>${esc(options.siteTitle)}</h1><p>铜川市印台区人民政府主办&#12288;倾听民声&#12288;汇集民智</p></div>
<div class="nav"><a href="/">首页</a><a href="/">我要写信</a><a href="/">信件查询</a><a href="/">办理须知</a></div>
<div class="main">${options.body}</div>
<div class="foot">主办：铜川市印台区人民政府办公室&#12288;承办：印台区电子政务管理中心&#12288;陕ICP备00000000号（演示站点）</div>
</body></html>`;
}

/** Numbered pager links: `href(n)` builds the URL of page n. */
export function pagerLinks(current: number, totalPages: number, href: (n: number) => string, cls = 'pager'): string {
  const parts: string[] = [`<span>共${totalPages}页</span>`];
  if (current > 1) parts.push(`<a href="${href(1)}">首页</a>`, `<a href="${href(current - 1)}">上一页</a>`);
  const from = Math.max(1, current - 3);
  const to = Math.min(totalPages, current + 3);
  for (let n = from; n <= to; n++) parts.push(n === current ? `<span class="cur">${n}</span>` : `<a href="${href(n)}">${n}</a>`);
  if (current < totalPages) parts.push(`<a href="${href(current + 1)}" class="next">下一页</a>`, `<a href="${href(totalPages)}">尾页</a>`);
  return `<div class="${cls}">${parts.join('')}</div>`;
}

/** A JavaScript string literal in single quotes, safe inside a script or a JS response. */
export function jsString(text: string): string {
  return `'${text
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "\\'")
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029')
    .replaceAll('</', '<\\/')}'`;
}
